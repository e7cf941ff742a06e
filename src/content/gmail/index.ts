/**
 * Gmail content script: the Gmail detectors (site.ts) on one session. Nothing here may throw
 * into Gmail: failures become detection-health records. After an extension update the new copy
 * of this script takes over from the old one (../shared/handover.ts); when this page already
 * runs a live copy (injected twice), that one keeps it.
 */
import { browserDeps } from '../shared/browser-deps.ts';
import { gmailSession } from './site.ts';

gmailSession(browserDeps()).start();
