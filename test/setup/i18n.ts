// Unit tests run untransformed source, so supply the bundle that WRM's jsI18n would inline.
import { readFileSync } from 'fs';
import { join } from 'path';
import { setFallbackBundle } from '../../frontend/host/i18n';
import { parseProperties } from '../../plugin-descriptor/properties';

setFallbackBundle(parseProperties(readFileSync(join(__dirname, '../../frontend/i18n/yourcompany-insights.properties'), 'utf8')));
