export { BUILTIN_RTR_FILES, loadBuiltinTypes, REPO_ROOT } from './builtin.js';
