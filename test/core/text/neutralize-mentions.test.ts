import { describe, expect, test } from 'vitest';
import { neutralizeMentions } from '../../../src/core/text/neutralize-mentions.js';

describe('neutralizeMentions: the one reading of mentions for model output and views', () => {
  test.each([
    ['@everyone look', '@\u200beveryone look'],
    ['@HERE now', '@\u200bHERE now'],
    ['@everyones', '@\u200beveryones'],
    ['hi <@123456789012345678>', 'hi @user'],
    ['hi <@!123456789012345678>', 'hi @user'],
    ['ping <@&123456789012345678>', 'ping @role'],
    ['see <#123456789012345678>', 'see #channel'],
    ['an email a@b.c stays', 'an email a@b.c stays'],
  ])('%j → %j', (input, expected) => {
    expect(neutralizeMentions(input)).toBe(expected);
  });

  test('is idempotent: neutralised text is left as it is', () => {
    const once = neutralizeMentions('@everyone <@1> <@&2> <#3> @here');
    expect(neutralizeMentions(once)).toBe(once);
  });
});
