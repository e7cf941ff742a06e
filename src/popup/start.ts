/**
 * The popup's only script tag, and its one chunk: no second request, no module-preload helper.
 * Order matters: the first data is asked for before the rest of the popup's code evaluates.
 */
import './ask-home.ts';
import './main.tsx';
