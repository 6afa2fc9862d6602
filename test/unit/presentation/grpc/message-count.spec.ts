import { BadCountError, parseMessageCount } from '../../../../presentation/grpc/chatservice/message-count';

const RULE = 'number_of_messages must be a whole number from -2147483648 to 2147483647: an optional + or -, then ASCII digits 0-9, no spaces';

describe("number_of_messages, read as position-pal's Integer.parseInt reads it", () => {
  it.each([
    ['5', 5],
    ['+5', 5],
    ['007', 7],
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['-3', -3],
    ['2147483647', 2_147_483_647],
    ['-2147483648', -2_147_483_648],
    ['00000000000002147483647', 2_147_483_647],
  ])('reads %j as %d', (text, count) => {
    expect(parseMessageCount(text)).toBe(count);
  });

  it.each([
    ['empty', ''],
    ['a sign alone', '-'],
    ['two signs', '+-5'],
    ['a space before', ' 5'],
    ['a space after', '5 '],
    ['a space inside', '1 0'],
    ['a newline after', '5\n'],
    ['a word', 'ten'],
    ['a decimal fraction', '2.5'],
    ['a decimal point with no fraction', '5.'],
    ['hex', '0x10'],
    ['an exponent', '1e3'],
    ['one past int32 max', '2147483648'],
    ['one past int32 min', '-2147483649'],
    ['far past int32', '123456789012345678901234567890'],
    ['Arabic-Indic digits, which Java accepts', '١٢'],
    ['fullwidth digits, which Java accepts', '１２'],
    ['an underscore separator', '1_000'],
  ])('refuses %s (%j), stating the rule and quoting what was given', (_, text) => {
    expect(() => parseMessageCount(text)).toThrow(BadCountError);
    expect(() => parseMessageCount(text)).toThrow(`${RULE}; got ${JSON.stringify(text)}`);
  });

  it('quotes only the first 32 characters of a long input', () => {
    const long = `${'9'.repeat(32)}${'x'.repeat(100_000)}`;
    const error = captureError(() => parseMessageCount(long));
    expect(error.message).toBe(`${RULE}; got "${'9'.repeat(32)}"… (cut at 32 characters)`);
  });

  it('cuts a long input between characters, never inside a surrogate pair', () => {
    const error = captureError(() => parseMessageCount('😀'.repeat(40)));
    expect(error.message).toContain(`got "${'😀'.repeat(32)}"… (cut at 32 characters)`);
  });

  it('quotes an input of exactly 32 characters whole', () => {
    const text = 'x'.repeat(32);
    expect(captureError(() => parseMessageCount(text)).message).toBe(`${RULE}; got "${text}"`);
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}
