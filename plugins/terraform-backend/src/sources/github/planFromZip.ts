import { Readable, Transform } from 'node:stream';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { PlanSourceReadError } from '../types';

/** The file a plan artifact carries: `terraform show -json plan.tfplan > plan.json`. */
export const PLAN_FILE_NAME = 'plan.json';

/**
 * A stream that fails with `PlanTooLarge` once more than `maxBytes` went through: the last
 * guard, whatever the archive or the server declared beforehand.
 */
export function limitBytes(maxBytes: number, what: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) {
        callback(
          new PlanSourceReadError(
            `${what} is larger than ${maxBytes} bytes (terraform.maxPlanBytes)`,
            'PlanTooLarge',
            413,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      buffer,
      // validateEntrySizes: an entry inflating to more than its header says is an error, so the
      // declared sizes checked below cannot be a lie.
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error ? reject(error) : resolve(stream),
    ),
  );
}

/**
 * `plan.json` of a GitHub Actions artifact zip, as a stream inflated on demand: the zip stays
 * compressed in memory (a 100 MB plan is a few MB zipped), and a zip bomb is refused before
 * anything is inflated, by the total its entries declare (which yauzl then holds them to).
 */
export async function planFromZip(
  zipBytes: Buffer,
  options: { maxBytes: number; describe: string },
): Promise<Readable> {
  const { maxBytes, describe } = options;
  let zip: ZipFile;
  let entries: Entry[];
  try {
    zip = await openZip(zipBytes);
    entries = await readEntries(zip);
  } catch (error) {
    throw new PlanSourceReadError(
      `${describe} is not a readable zip archive: ${(error as Error).message}`,
      'InvalidArtifact',
      undefined,
      { cause: error },
    );
  }

  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > maxBytes) {
    throw new PlanSourceReadError(
      `${describe} would inflate to ${declared} bytes, more than the ${maxBytes} allowed (terraform.maxPlanBytes)`,
      'PlanTooLarge',
      413,
    );
  }

  const files = entries.filter(e => !e.fileName.endsWith('/'));
  // upload-artifact puts a single uploaded file at the root; a nested path is accepted when it is
  // the only plan.json, so a workflow uploading a directory works too.
  const nested = files.filter(e => e.fileName.endsWith(`/${PLAN_FILE_NAME}`));
  const entry =
    files.find(e => e.fileName === PLAN_FILE_NAME) ??
    (nested.length === 1 ? nested[0] : undefined);
  if (!entry) {
    const names = files.slice(0, 10).map(e => e.fileName);
    throw new PlanSourceReadError(
      `${describe} has no ${PLAN_FILE_NAME}${
        nested.length > 1
          ? ` at its root (and ${nested.length} in subdirectories)`
          : ''
      }; it holds ${
        names.length
          ? `${names.join(', ')}${files.length > names.length ? ', …' : ''}`
          : 'nothing'
      }`,
      'InvalidArtifact',
    );
  }
  if (entry.isEncrypted()) {
    throw new PlanSourceReadError(
      `${describe}: ${entry.fileName} is encrypted`,
      'InvalidArtifact',
    );
  }

  let stream: Readable;
  try {
    stream = await openEntry(zip, entry);
  } catch (error) {
    throw new PlanSourceReadError(
      `${describe}: ${entry.fileName} cannot be read: ${
        (error as Error).message
      }`,
      'InvalidArtifact',
      undefined,
      { cause: error },
    );
  }
  const limited = limitBytes(maxBytes, `${describe}: ${entry.fileName}`);
  stream.on('error', error =>
    limited.destroy(
      new PlanSourceReadError(
        `${describe}: ${entry.fileName} cannot be inflated: ${error.message}`,
        'InvalidArtifact',
        undefined,
        { cause: error },
      ),
    ),
  );
  // Whoever reads the plan may stop early (a parse error): the inflater goes with it.
  limited.on('close', () => {
    stream.destroy();
    zip.close();
  });
  return stream.pipe(limited);
}
