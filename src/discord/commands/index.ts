import type { Command } from '../command.js';
import about from './about.js';
import ask from './ask.js';
import config from './config.js';
import fact from './fact.js';
import hotline from './hotline.js';
import myth from './myth.js';
import privacy from './privacy.js';

/** Every slash command. The router, the deploy script and the tests all use this one list. */
export const COMMANDS: readonly Command[] = [ask, hotline, fact, myth, config, about, privacy];
