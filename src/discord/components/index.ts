import type { ComponentHandler } from '../command.js';
import askFeedback from './ask-feedback.js';
import crisisButtons from './crisis-buttons.js';

/** Every button handler, by custom-id prefix. */
export const COMPONENTS: readonly ComponentHandler[] = [crisisButtons, askFeedback];
