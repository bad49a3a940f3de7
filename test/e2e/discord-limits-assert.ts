import { expect } from 'vitest';

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

/** Discord's embed limits: title 256, description 4,096, 25 fields (name 256, value 1,024), 6,000 in total. */
export function expectEmbedWithinLimits(embed: Embed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4_096);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeLessThanOrEqual(256);
    expect(field.value.length).toBeLessThanOrEqual(1_024);
  }
  const total =
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  expect(total).toBeLessThanOrEqual(6_000);
}

/** Discord's autocomplete limits: at most 25 choices, names and values of 1–100 characters. */
export function expectChoicesWithinLimits(choices: { name: string; value: string }[]): void {
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const choice of choices) {
    expect(choice.name.length).toBeGreaterThan(0);
    expect(choice.name.length).toBeLessThanOrEqual(100);
    expect(String(choice.value).length).toBeLessThanOrEqual(100);
  }
}
