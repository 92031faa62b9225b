import { describe, expect, it } from 'vitest';
import { withoutValues } from './errors.js';

describe('withoutValues', () => {
  it('keeps the variable and the expected type of a value that did not coerce, not the value', () => {
    const message =
      'Variable "$p" got invalid value 48213957; Expected type String; String cannot represent a non string value: 48213957';
    expect(withoutValues(message)).toBe(
      'Variable "$p" got an invalid value; expected type String.',
    );
  });

  it('leaves no part of a value that holds a semicolon', () => {
    const message =
      'Variable "$a" got invalid value { answer: "Stamp;pot" }; Field "questionId" of required type "String!" was not provided.';
    const cleaned = withoutValues(message);
    expect(cleaned).toBe('Variable "$a" got an invalid value.');
    expect(cleaned).not.toMatch(/pot|Stamp/);
  });

  it('drops the literal from a message about an inline value', () => {
    expect(withoutValues('String cannot represent a non string value: 48213957')).toBe(
      'String cannot represent a non string value',
    );
    expect(withoutValues('Expected value of type "String!", found 48213957.')).toBe(
      'Expected value of type "String!".',
    );
  });
});
