/**
 * Asks the worker for the popup's first data, as the first thing the page's script does: the
 * reply is computed while the rest of the popup's code evaluates (see loader.ts).
 */
import { startHome } from './loader.ts';

startHome(location.search);
