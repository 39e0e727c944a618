import { existsSync } from 'fs';
import { join } from 'path';
import { readJar } from '../../plugin-descriptor/jar';
import { PLUGIN_KEY, PLUGIN_VERSION } from '../../plugin-descriptor/modules';

export const JAR_PATH = join(__dirname, '../../target', `${PLUGIN_KEY}-${PLUGIN_VERSION}.jar`);

/** The JAR `npm run package` built; tests of the shipped artifact need it (npm test packages first). */
export async function builtJar(): Promise<Map<string, Buffer>> {
  if (!existsSync(JAR_PATH)) throw new Error(`${JAR_PATH} is missing: run \`npm run package\` first`);
  return readJar(JAR_PATH);
}
