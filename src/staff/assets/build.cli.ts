// `npm run build` compiles the console's stylesheet too, into the default STAFF_ASSETS_DIR (./.cache/staff),
// so a production image starts without compiling. No configuration is read: a build has no secrets.
import path from 'node:path';
import { ensureStaffStyles } from './styles';

void ensureStaffStyles(path.resolve('.cache/staff')).then((styles) => process.stdout.write(`staff console styles: ${styles.path}\n`));
