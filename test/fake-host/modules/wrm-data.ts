/**
 * `wrm/data`: data providers the server rendered into `WRM._unparsedData`; each key can be
 * claimed once (claiming parses the JSON and forgets it, like WRM).
 */
type UnparsedData = Record<string, string>;

function unparsed(): UnparsedData {
  const holder = globalThis as unknown as { WRM?: { _unparsedData?: UnparsedData } };
  holder.WRM = holder.WRM ?? {};
  holder.WRM._unparsedData = holder.WRM._unparsedData ?? {};
  return holder.WRM._unparsedData;
}

export function claim<T = unknown>(key: string): T | undefined {
  const data = unparsed();
  if (!Object.prototype.hasOwnProperty.call(data, key)) return undefined;
  const raw = data[key];
  delete data[key];
  try {
    return JSON.parse(raw) as T;
  } catch {
    console.error(`[wrm/data] data provider ${key} is not valid JSON`);
    return undefined;
  }
}

export default { claim };
