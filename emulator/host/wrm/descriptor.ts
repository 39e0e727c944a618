/**
 * Reads a built `atlassian-plugin.xml` the way the plugin system does for the modules WRM and the
 * web-fragment manager care about: `<web-resource>`, `<web-item>`, `<resource type="i18n">`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface DescriptorResource {
  type: string;
  name: string;
  location: string;
}

export interface DescriptorCondition {
  className: string;
  invert: boolean;
  params: Record<string, string>;
}

export interface WebResourceModule {
  key: string;
  /** `<pluginKey>:<key>` */
  completeKey: string;
  resources: DescriptorResource[];
  dependencies: string[];
  contexts: string[];
  /** file extension → transformer keys */
  transformations: Record<string, string[]>;
  conditions: DescriptorCondition[];
}

export interface WebItemModule {
  key: string;
  completeKey: string;
  section: string;
  weight: number;
  labelKey?: string;
  tooltipKey?: string;
  link?: string;
  linkId?: string;
  conditions: DescriptorCondition[];
}

/** Any top-level module (`<web-resource>`, `<web-item>`, …): what UPM lists and can disable. */
export interface DescriptorModule {
  type: string;
  key: string;
  completeKey: string;
  name: string;
}

export interface PluginDescriptor {
  key: string;
  name: string;
  version: string;
  /** `location` of `<resource type="i18n">` entries (without `.properties`). */
  i18nLocations: string[];
  webResources: WebResourceModule[];
  webItems: WebItemModule[];
  /** Every module element with a key, in document order per type. */
  modules: DescriptorModule[];
  description?: string;
  vendorName?: string;
}

/** Children of `<atlassian-plugin>` that are not modules. */
const NOT_MODULES = new Set(['plugin-info', 'resource']);

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const nodes = (value: unknown): XmlNode[] => (Array.isArray(value) ? (value as XmlNode[]) : []);
const attr = (node: XmlNode, name: string): string | undefined => {
  const value = node[`@${name}`];
  return value === undefined ? undefined : String(value);
};
const text = (node: unknown): string => {
  if (node === null || node === undefined) return '';
  if (typeof node !== 'object') return String(node).trim();
  const value = (node as XmlNode)['#text'];
  return value === undefined ? '' : String(value).trim();
};

function conditionsOf(node: XmlNode): DescriptorCondition[] {
  const list: DescriptorCondition[] = [];
  for (const condition of nodes(node.condition)) {
    const params: Record<string, string> = {};
    for (const param of nodes(condition.param)) params[attr(param, 'name') ?? ''] = attr(param, 'value') ?? text(param);
    list.push({ className: attr(condition, 'class') ?? '', invert: attr(condition, 'invert') === 'true', params });
  }
  // `<conditions type="AND|OR">` groups are flattened only for AND, the one kind plugins generate.
  for (const group of nodes(node.conditions)) list.push(...conditionsOf(group));
  return list;
}

export class DescriptorError extends Error {}

export function parsePluginDescriptor(xml: string): PluginDescriptor {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new DescriptorError(`atlassian-plugin.xml is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const root = nodes(parser.parse(xml)['atlassian-plugin'])[0];
  if (!root) throw new DescriptorError('root element is not <atlassian-plugin>');
  const pluginKey = attr(root, 'key');
  if (!pluginKey) throw new DescriptorError('<atlassian-plugin> has no key');
  const info = nodes(root['plugin-info'])[0] ?? {};

  const webResources: WebResourceModule[] = nodes(root['web-resource']).map((node) => {
    const key = attr(node, 'key') ?? '';
    const transformations: Record<string, string[]> = {};
    for (const t of nodes(node.transformation)) {
      const extension = attr(t, 'extension') ?? '';
      transformations[extension] = [...(transformations[extension] ?? []), ...nodes(t.transformer).map((x) => attr(x, 'key') ?? '')];
    }
    return {
      key,
      completeKey: `${pluginKey}:${key}`,
      resources: nodes(node.resource).map((r) => ({ type: attr(r, 'type') ?? '', name: attr(r, 'name') ?? '', location: attr(r, 'location') ?? '' })),
      dependencies: nodes(node.dependency).map(text).filter(Boolean),
      contexts: nodes(node.context).map(text).filter(Boolean),
      transformations,
      conditions: conditionsOf(node),
    };
  });

  const webItems: WebItemModule[] = nodes(root['web-item']).map((node) => {
    const key = attr(node, 'key') ?? '';
    const label = nodes(node.label)[0];
    const tooltip = nodes(node.tooltip)[0];
    const link = nodes(node.link)[0];
    const weight = Number(attr(node, 'weight'));
    return {
      key,
      completeKey: `${pluginKey}:${key}`,
      section: attr(node, 'section') ?? '',
      weight: Number.isFinite(weight) && attr(node, 'weight') !== '' ? weight : Infinity,
      labelKey: label ? attr(label, 'key') || undefined : undefined,
      tooltipKey: tooltip ? attr(tooltip, 'key') || undefined : undefined,
      link: link ? text(link) || undefined : undefined,
      linkId: link ? attr(link, 'linkId') : undefined,
      conditions: conditionsOf(node),
    };
  });

  const modules: DescriptorModule[] = [];
  for (const [type, value] of Object.entries(root)) {
    if (type.startsWith('@') || type.startsWith('#') || NOT_MODULES.has(type)) continue;
    for (const node of nodes(value)) {
      const key = attr(node, 'key');
      if (key) modules.push({ type, key, completeKey: `${pluginKey}:${key}`, name: attr(node, 'name') || key });
    }
  }
  const vendor = nodes(info.vendor)[0];

  return {
    key: pluginKey,
    name: attr(root, 'name') ?? pluginKey,
    description: text(nodes(info.description)[0]) || undefined,
    vendorName: vendor ? attr(vendor, 'name') : undefined,
    modules,
    version: text(nodes(info.version)[0]),
    i18nLocations: nodes(root.resource)
      .filter((r) => attr(r, 'type') === 'i18n')
      .map((r) => attr(r, 'location') ?? '')
      .filter(Boolean),
    webResources,
    webItems,
  };
}
