import { strict as assert } from 'node:assert';
import { CuratorError } from '../../src/core/errors';

/** Runs `run`, which must refuse with a usage error; returns the option the error names. */
export function optionOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(CuratorError.is(error, 'usage'), `a usage error, got ${error}`);
    return error.details.option;
  }
  assert.fail('expected a usage error');
}
