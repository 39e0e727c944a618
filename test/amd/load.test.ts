/** The shipped JAR's AMD modules load and work the way WRM would load them (test/amd/jar-page.ts). */
import { APP, PLUGIN_KEY } from '../../plugin-descriptor/modules';
import { builtJar } from '../descriptor/built-jar';
import { describeAmdLoad } from './jar-page';

describeAmdLoad('AMD load of the built bundles', builtJar, { pluginKey: PLUGIN_KEY, namespace: APP.namespace });
