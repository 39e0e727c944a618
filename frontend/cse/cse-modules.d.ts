declare module '@atlassian/clientside-extensions-registry/dist/esm/index.js' {
  export { default } from '@atlassian/clientside-extensions-registry';
}
// One module per extension type: importing only the factories and enums lets webpack leave out the API classes
// (the product creates those) and the debug logger they pull in.
declare module '@atlassian/clientside-extensions/dist/esm/ModalExtension.js' {
  export { factory, Width, Appearance } from '@atlassian/clientside-extensions/dist/types/ModalExtension';
}
declare module '@atlassian/clientside-extensions/dist/esm/ButtonExtension.js' {
  export { factory } from '@atlassian/clientside-extensions/dist/types/ButtonExtension';
}
declare module '@atlassian/clientside-extensions/dist/esm/PanelExtension.js' {
  export { factory } from '@atlassian/clientside-extensions/dist/types/PanelExtension';
}
