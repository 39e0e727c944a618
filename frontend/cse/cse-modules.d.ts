declare module '@atlassian/clientside-extensions-registry/dist/esm/index.js' {
  export { default } from '@atlassian/clientside-extensions-registry';
}
declare module '@atlassian/clientside-extensions/dist/esm/index.js' {
  export * from '@atlassian/clientside-extensions';
}
