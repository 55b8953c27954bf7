import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parsePlan, PlanParseError } from '.';
import { parsePlanWith } from './parsePlan';
import { generatePlan } from './__fixtures__/generatePlan';

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__', name));

async function failure(
  input: Buffer | Readable,
  options?: { maxBytes?: number },
): Promise<PlanParseError> {
  try {
    await parsePlan(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanParseError);
    expect((error as Error).name).toBe('PlanParseError');
    return error as PlanParseError;
  }
  throw new Error('the plan was read');
}

describe('parsePlan: files it cannot read', () => {
  it.each([
    ['plain text', 'hello world', 'not JSON at byte 0'],
    ['an HTML error page', '<html><body>502</body></html>', 'HTML'],
    ['a binary plan file', 'PK\u0003\u0004tfplan', 'terraform show -json'],
    ['a bare word after whitespace', '\n\n  nope', 'not JSON at byte 4'],
    ['bad JSON at the top', '{"format_version" "1.2"}', 'not JSON at byte 18'],
    ['a trailing comma', '{"format_version":"1.2",}', 'not JSON at byte 24'],
    [
      'mismatched brackets',
      '{"planned_values":{"a":[}}}',
      'not JSON at byte 24',
    ],
    [
      'a bad character inside a skipped section',
      '{"format_version":"1.2","planned_values":{"a": @}}',
      "not JSON at byte 47 (unexpected '@')",
    ],
    [
      'data after the document',
      '{"format_version":"1.2","planned_values":{}} {}',
      'data after the end of the JSON document',
    ],
  ])('refuses %s as not JSON', async (_what, text, message) => {
    const error = await failure(Buffer.from(text));
    expect(error.code).toBe('NotJson');
    expect(error.message).toContain(message);
  });

  it('refuses random bytes and UTF-16 as not JSON', async () => {
    const random = Buffer.from(
      Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251),
    );
    expect((await failure(random)).code).toBe('NotJson');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(fixture('no-changes.json').toString(), 'utf16le'),
    ]);
    const error = await failure(utf16);
    expect(error.code).toBe('NotJson');
    expect(error.message).toContain('UTF-16');
  });

  it('names the byte and the element of bad JSON inside resource_changes', async () => {
    const text =
      '{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"]}},{"address": x}]}';
    const error = await failure(Buffer.from(text));
    expect(error.code).toBe('NotJson');
    expect(error.message).toMatch(
      /^not JSON at byte \d+ \(in resource_changes\[1\]\)$/,
    );
    const at = Number(/byte (\d+)/.exec(error.message)![1]);
    expect(text[at]).toBe('x');
    // Further in, and with V8's other kinds of messages ("at position N").
    const nested =
      '{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"],"before":null,"after":{"a":1,}}}]}';
    const second = await failure(Buffer.from(nested));
    expect(second.message).toMatch(/\(in resource_changes\[0\]\)$/);
    expect(nested[Number(/byte (\d+)/.exec(second.message)![1])]).toBe('}');
    const longer = `{"format_version":"1.2","resource_changes":[{"address":"${'a'.repeat(
      40,
    )}","change":{"actions": ?, "before": null, "after": null}}]}`;
    const third = await failure(Buffer.from(longer));
    expect(longer[Number(/byte (\d+)/.exec(third.message)![1])]).toBe('?');
  });

  it('says the file is empty', async () => {
    const error = await failure(Buffer.alloc(0));
    expect(error.code).toBe('NotJson');
    expect(error.message).toBe('the file is empty (0 bytes): not JSON');
    expect((await failure(Buffer.from(' \n\t '))).code).toBe('NotJson');
    expect((await failure(Readable.from([]))).message).toContain('empty');
  });

  it('says where a truncated file ends, wherever it was cut', async () => {
    const whole = fixture('actions.json');
    const cuts = [];
    for (let at = 1; at < whole.length - 2; at += 97) cuts.push(at);
    for (const at of cuts) {
      const error = await failure(whole.subarray(0, at));
      expect([at, error.code]).toEqual([at, 'Truncated']);
      expect(error.message).toMatch(
        new RegExp(
          `^the file ends in the middle \\(truncated at byte ${at} of `,
        ),
      );
    }
    const inChanges = whole.indexOf('"aws_instance.legacy"');
    expect((await failure(whole.subarray(0, inChanges))).message).toBe(
      `the file ends in the middle (truncated at byte ${inChanges} of resource_changes)`,
    );
    const inConfiguration = whole.indexOf('"provider_config"');
    expect((await failure(whole.subarray(0, inConfiguration))).message).toBe(
      `the file ends in the middle (truncated at byte ${inConfiguration} of configuration)`,
    );
  });

  it('says where a large truncated file ends, read by the worker from a stream', async () => {
    const whole = generatePlan({ resources: 800 });
    expect(whole.length).toBeGreaterThan(2 * 1024 * 1024);
    const at = Math.floor(whole.length * 0.4);
    const error = await failure(
      Readable.from([whole.subarray(0, at / 2), whole.subarray(at / 2, at)], {
        objectMode: false,
      }),
    );
    expect(error.code).toBe('Truncated');
    expect(error.message).toBe(
      `the file ends in the middle (truncated at byte ${at} of resource_changes)`,
    );
  });

  it('refuses another major format_version, and 0.x, plainly', async () => {
    const withVersion = (v: string) =>
      Buffer.from(
        fixture('actions.json').toString().replace('"1.2"', JSON.stringify(v)),
      );
    let error = await failure(withVersion('2.0'));
    expect(error.code).toBe('UnsupportedFormat');
    expect(error.message).toBe(
      'format_version 2.0 is not supported (this portal reads 1.x)',
    );
    error = await failure(withVersion('0.2'));
    expect(error.code).toBe('UnsupportedFormat');
    expect(error.message).toContain('format_version 0.2 is not supported');
    expect(error.message).toContain('Terraform 0.12 to 0.15');
    error = await failure(
      Buffer.from('{"terraform_version":"1.9.5","planned_values":{}}'),
    );
    expect(error.code).toBe('UnsupportedFormat');
    expect(error.message).toContain('no format_version');
  });

  it.each([
    ['a list', '["1.2"]', 'format_version [] is not supported'],
    ['an object', '{"major":1}', 'format_version {} is not supported'],
  ])('refuses a format_version that is %s', async (_, value, message) => {
    const error = await failure(
      Buffer.from(fixture('actions.json').toString().replace('"1.2"', value)),
    );
    expect(error.code).toBe('UnsupportedFormat');
    expect(error.message).toContain(message);
  });

  it('stops reading a stream as soon as the version is wrong', async () => {
    const big = generatePlan({ resources: 800 });
    const wrong = Buffer.from(big.toString().replace('"1.2"', '"3.0"'));
    let served = 0;
    const stream = Readable.from(
      (function* chunks() {
        for (let at = 0; at < wrong.length; at += 64 * 1024) {
          served += 1;
          yield wrong.subarray(at, at + 64 * 1024);
        }
      })(),
    );
    const error = await failure(stream);
    expect(error.code).toBe('UnsupportedFormat');
    expect(served).toBeLessThan(Math.ceil(wrong.length / (64 * 1024)));
    expect(stream.destroyed).toBe(true);
  });

  it('recognises the JSON of a state, and a state file, as not a plan', async () => {
    let error = await failure(fixture('state.json'));
    expect(error.code).toBe('NotAPlan');
    expect(error.message).toBe(
      'no resource_changes/planned_values: this is terraform show -json of a state, not of a plan',
    );
    error = await failure(fixture('terraform.tfstate.json'));
    expect(error.code).toBe('NotAPlan');
    expect(error.message).toContain('terraform.tfstate');
  });

  it.each([
    ['an array', '[{"format_version":"1.2"}]'],
    ['another JSON object', '{"name":"my-app","version":"1.0.0"}'],
    [
      'a list that is not of objects',
      '{"format_version":"1.2","resource_changes":[1,2]}',
    ],
    [
      'resource_changes that is not a list',
      '{"format_version":"1.2","resource_changes":{}}',
    ],
    [
      'a change without actions',
      '{"format_version":"1.2","resource_changes":[{"address":"a","change":{}}]}',
    ],
    [
      'an output that is not an object',
      '{"format_version":"1.2","output_changes":{"x":"y"}}',
    ],
  ])('refuses %s as not a plan', async (_what, text) => {
    expect((await failure(Buffer.from(text))).code).toBe('NotAPlan');
  });

  it('refuses absurd nesting without overflowing a stack', async () => {
    const deep = `{"format_version":"1.2","planned_values":${'['.repeat(
      100000,
    )}`;
    const error = await failure(Buffer.from(deep));
    expect(error.code).toBe('NotAPlan');
    expect(error.message).toContain('nested deeper than 512 levels');
  });

  it('refuses a Buffer over the limit before reading it', async () => {
    const error = await failure(fixture('actions.json'), { maxBytes: 1000 });
    expect(error.code).toBe('TooLarge');
    expect(error.message).toBe(
      `the plan file is larger than the limit of 1000 bytes (it has ${(
        fixture('actions.json').length / 1024
      ).toFixed(1)} KiB)`,
    );
  });

  it('stops a stream at the limit', async () => {
    const big = generatePlan({ resources: 800 });
    const stream = Readable.from(
      (function* chunks() {
        for (let at = 0; at < big.length; at += 256 * 1024) {
          yield big.subarray(at, at + 256 * 1024);
        }
      })(),
    );
    const error = await failure(stream, { maxBytes: 1024 * 1024 });
    expect(error.code).toBe('TooLarge');
    expect(error.message).toContain('larger than the limit of 1 MiB');
    expect(stream.destroyed).toBe(true);
  });

  it('passes on the error of a stream that fails, in either path', async () => {
    const big = generatePlan({ resources: 800 });
    for (const worker of [false, true]) {
      const broken = new Readable({
        read() {
          this.push(big.subarray(0, 1_500_000));
          this.destroy(new Error('connection reset by peer'));
        },
      });
      await expect(parsePlanWith(broken, {}, { worker })).rejects.toThrow(
        'connection reset by peer',
      );
    }
  });

  it('rejects what is neither a Buffer nor a stream', async () => {
    await expect(parsePlan('{}' as unknown as Buffer)).rejects.toThrow(
      TypeError,
    );
  });
});
