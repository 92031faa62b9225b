import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import {
  answerRepeatsQuestion,
  assertCustomSecurityQuestions,
  checkSecurityQuestionsRegistration,
  customQuestionViolations,
  normalizeAnswer,
  predefinedSecurityQuestions,
  securityQuestionsRegistrationViolations,
  type SecurityAnswerInput,
} from './index.js';

const predefined = (id: string, answer: string): SecurityAnswerInput => ({
  question: { kind: 'predefined', id },
  answer,
});
const custom = (text: string, answer: string): SecurityAnswerInput => ({
  question: { kind: 'custom', text },
  answer,
});

const settings = { toRegister: 3, customQuestions: ['What was the name of your first boat?'] };
const threeGoodAnswers = [
  predefined('cityParentsMet', 'Rotterdam'),
  predefined('favoriteFood', 'Pad thai'),
  custom('What was the name of your first boat?', 'Sea Breeze'),
];

function reasons(answers: readonly SecurityAnswerInput[], given = settings): string[] {
  return securityQuestionsRegistrationViolations(answers, given).map((v) => v.reason);
}

describe('normalizing an answer', () => {
  it('folds case, compatibility forms and spacing', () => {
    expect(normalizeAnswer('  New\u00a0  YORK\t')).toBe('new york');
    expect(normalizeAnswer('Ｐａｄ　Ｔｈａｉ')).toBe('pad thai');
    expect(normalizeAnswer('Cafe\u0301')).toBe(normalizeAnswer('CAFÉ'));
  });
});

describe("Entra's predefined questions", () => {
  it('lists the 35 documented questions with unique ids and texts', () => {
    expect(predefinedSecurityQuestions).toHaveLength(35);
    expect(new Set(predefinedSecurityQuestions.map((q) => q.id)).size).toBe(35);
    expect(new Set(predefinedSecurityQuestions.map((q) => q.text)).size).toBe(35);
    expect(predefinedSecurityQuestions[0]?.text).toBe(
      'In what city did you meet your first spouse/partner?',
    );
    expect(predefinedSecurityQuestions.at(-1)?.text).toBe(
      'Who is the most famous person you have ever met?',
    );
  });
});

describe('registering security questions', () => {
  describe('given a tenant asking for 3 answers', () => {
    it('when 3 distinct questions get 3 distinct answers, then they are accepted, normalized', () => {
      const registered = checkSecurityQuestionsRegistration(threeGoodAnswers, settings);
      expect(registered.map((r) => r.normalizedAnswer)).toEqual([
        'rotterdam',
        'pad thai',
        'sea breeze',
      ]);
      expect(registered[1]?.text).toBe('What is your favorite food?');
      expect(registered[2]?.text).toBe('What was the name of your first boat?');
    });
    it('when only 2 are answered, then SecurityQuestionsCount', () => {
      expect(reasons(threeGoodAnswers.slice(0, 2))).toEqual(['SecurityQuestionsCount']);
    });
    it('when 4 are answered, then SecurityQuestionsCount', () => {
      expect(reasons([...threeGoodAnswers, predefined('firstPetName', 'Bello')])).toEqual([
        'SecurityQuestionsCount',
      ]);
    });
  });

  describe('given a tenant asking for 5 answers', () => {
    const five = { ...settings, toRegister: 5 };
    it('when 5 are answered, then they are accepted', () => {
      const answers = [
        ...threeGoodAnswers,
        predefined('firstPetName', 'Bello'),
        predefined('childhoodNickname', 'Sprout'),
      ];
      expect(reasons(answers, five)).toEqual([]);
    });
    it('when the setting is outside 3 to 5, then it is a programming error', () => {
      expect(() => reasons(threeGoodAnswers, { ...settings, toRegister: 6 })).toThrow(RangeError);
    });
  });

  describe('given the questions', () => {
    it('when a predefined id is unknown, then SecurityQuestionUnknown', () => {
      expect(
        reasons([...threeGoodAnswers.slice(0, 2), predefined('favoriteColour', 'Blue')]),
      ).toEqual(['SecurityQuestionUnknown']);
    });
    it("when a custom question is not the tenant's, then SecurityQuestionUnknown", () => {
      expect(
        reasons([...threeGoodAnswers.slice(0, 2), custom('What is my secret?', 'Nothing')]),
      ).toEqual(['SecurityQuestionUnknown']);
    });
    it('when a custom question differs only in case and spacing, then it is recognized', () => {
      const answers = [
        ...threeGoodAnswers.slice(0, 2),
        custom('  what was the name of your  FIRST boat? ', 'Sea Breeze'),
      ];
      expect(reasons(answers)).toEqual([]);
    });
    it('when the same question is answered twice, then SecurityQuestionDuplicate', () => {
      const answers = [...threeGoodAnswers.slice(0, 2), predefined('favoriteFood', 'Lasagna')];
      expect(reasons(answers)).toEqual(['SecurityQuestionDuplicate']);
    });
  });

  describe('given the answers', () => {
    const withThird = (answer: string, question = predefined('firstPetName', answer)) =>
      reasons([...threeGoodAnswers.slice(0, 2), { ...question, answer }]);

    it('when an answer has 3 characters after trimming, then it is accepted', () => {
      expect(withThird('  Rex  ')).toEqual([]);
    });
    it('when it has 2, then SecurityAnswerTooShort', () => {
      expect(withThird('  Al ')).toEqual(['SecurityAnswerTooShort']);
    });
    it('when it has 3 emoji, then it is long enough (code points)', () => {
      expect(withThird('🐶🐱🐭')).toEqual([]);
    });
    it('when it has 40 characters after collapsing spaces, then it is accepted', () => {
      expect(withThird('a'.repeat(20) + '      ' + 'b'.repeat(19))).toEqual([]);
    });
    it('when it has 41, then SecurityAnswerTooLong', () => {
      expect(withThird('c'.repeat(41))).toEqual(['SecurityAnswerTooLong']);
    });
    it('when the raw input is huge, then SecurityAnswerTooLong without normalizing it', () => {
      expect(withThird(' '.repeat(1_000_000) + 'Rex')).toEqual(['SecurityAnswerTooLong']);
    });
    it('when two answers are the same once normalized, then SecurityAnswerDuplicate', () => {
      expect(withThird('ROTTERDAM ')).toEqual(['SecurityAnswerDuplicate']);
    });
    it('when an answer repeats its question, then SecurityAnswerContainsQuestion', () => {
      expect(
        reasons([
          ...threeGoodAnswers.slice(0, 2),
          predefined('firstPetName', 'what was the name of your first pet'),
        ]),
      ).toEqual(['SecurityAnswerContainsQuestion']);
    });
  });

  describe('what a refusal says', () => {
    it('names the rule and the question position, never an answer', () => {
      const answers = [
        predefined('cityParentsMet', 'Zanzibar'),
        predefined('favoriteFood', 'zanzibar'),
        predefined('firstPetName', 'Q'),
      ];
      let error: unknown;
      try {
        checkSecurityQuestionsRegistration(answers, settings);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.reason).toBe('SecurityAnswerDuplicate');
      expect(validation.message).toContain('question 2');
      const everything = validation.message + JSON.stringify(validation.details);
      expect(everything.toLowerCase()).not.toContain('zanzibar');
      expect(validation.details).toMatchObject({
        violations: [{ reason: 'SecurityAnswerDuplicate' }, { reason: 'SecurityAnswerTooShort' }],
      });
    });
  });
});

describe('an answer that repeats its question', () => {
  const food = 'What is your favorite food?';
  it.each([
    ['the whole question', 'What is your favorite food?'],
    ['the question inside a longer answer', 'well, what is your favorite food? pizza'],
    ["only the question's words", 'Favorite food'],
    ['a single word of the question', 'food'],
  ])('when the answer is %s, then it is refused', (_, answer) => {
    expect(answerRepeatsQuestion(answer, food)).toBe(true);
  });
  it.each([
    ['a real answer', 'Pad thai'],
    ['an answer sharing letters only', 'Whatever burger'],
    ['an answer using one question word among others', 'my favorite is sushi'],
  ])('when the answer is %s, then it is allowed', (_, answer) => {
    expect(answerRepeatsQuestion(answer, food)).toBe(false);
  });
});

describe("a tenant's custom questions", () => {
  it('when there are 20 distinct questions of 3 to 200 characters, then they are accepted', () => {
    const questions = Array.from({ length: 20 }, (_, i) => `Custom question number ${i + 1}?`);
    expect(customQuestionViolations(questions)).toEqual([]);
    expect(customQuestionViolations(['Why', 'q'.repeat(200)])).toEqual([]);
  });
  it('when there are 21, then TooManyCustomSecurityQuestions', () => {
    const questions = Array.from({ length: 21 }, (_, i) => `Custom question number ${i + 1}?`);
    expect(customQuestionViolations(questions).map((v) => v.reason)).toEqual([
      'TooManyCustomSecurityQuestions',
    ]);
  });
  it('when one is too short or too long, then SecurityQuestionLength names it', () => {
    const violations = customQuestionViolations(['Ok', 'q'.repeat(201)]);
    expect(violations.map((v) => v.reason)).toEqual([
      'SecurityQuestionLength',
      'SecurityQuestionLength',
    ]);
    expect(violations[0]?.message).toContain('Custom question 1 "Ok" has 2 characters');
  });
  it('when two differ only in case and spacing, then SecurityQuestionDuplicate', () => {
    expect(() => assertCustomSecurityQuestions(['Your first boat?', 'your  FIRST boat?'])).toThrow(
      expect.objectContaining({ reason: 'SecurityQuestionDuplicate' }),
    );
  });
  it('when one copies a predefined question, then SecurityQuestionDuplicate', () => {
    expect(customQuestionViolations(['What is your favorite food?'])[0]?.message).toContain(
      'predefined',
    );
  });
});
