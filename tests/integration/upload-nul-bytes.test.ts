import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertDatasetVersion } from '../../db/queries/datasets';
import { datasetVersions } from '../../db/schema';
import { startHarness, type UserClient } from '../setup/app-harness';
import { listFiles, postDataset } from '../setup/multipart-upload';

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  alice = await harness.signUp('nul@example.com');
});
afterAll(() => harness?.stop());

const blobFiles = () => listFiles(path.join(harness.dataDir, 'blobs'));
const versionCount = async () => (await harness.services.db.select({ n: count() }).from(datasetVersions))[0]!.n;
const bytes = (text: string) => new TextEncoder().encode(text);
const binaryHint = 'the file contains NUL bytes: it is probably binary or UTF-16';

describe('NUL bytes in an upload are refused with where they are, and leave no file behind', () => {
  test.each([
    ['a header', 'header.csv', bytes('a,b\0\n1,2\n'), `Could not read "header.csv": Line 1, column 2: ${binaryHint}; save it as UTF-8 CSV.`],
    ['a CSV cell', 'cell.csv', bytes('a,b\n1,x\0y\n'), `Could not read "cell.csv": Line 2, column 2: ${binaryHint}; save it as UTF-8 CSV.`],
    ['a UTF-16 CSV', 'utf16.csv', new Uint8Array(Buffer.from('\ufeffa,b\n1,2\n', 'utf16le')), `Could not read "utf16.csv": Line 1, column 1: ${binaryHint}; save it as UTF-8 CSV.`],
    [
      'a JSON string (\\u0000)',
      'string.json',
      bytes('[{"a": "x"}, {"a": "y\\u0000"}]'),
      `Could not read "string.json": Record 2, field 'a' ($[1]["a"]) contains a NUL character (\\u0000), which cannot be stored.`,
    ],
    ['a raw NUL in JSON', 'raw.json', bytes('[{"a": "\0"}]'), `Could not read "raw.json": Line 1, character 9: ${binaryHint}; save it as UTF-8 JSON.`],
    ['the file name', 'bad\0name.csv', bytes('a\n1\n'), 'The file name "bad\\u0000name.csv" contains control characters (such as NUL).'],
  ])('in %s', async (_, fileName, content, message) => {
    const before = await versionCount();
    const res = await postDataset(harness.origin, alice.cookie, { fileName, bytes: content });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(message);
    expect(await versionCount()).toBe(before);
    expect(await blobFiles()).toEqual([]); // neither a blob nor a temp file
  });
});

test('a failure after the blob is placed takes the blob with it, but never a blob another version uses', async () => {
  const teamId = (await alice.gql<{ me: { team: { id: string } } }>('{ me { team { id } } }')).data!.me.team.id;
  const userId = (await harness.services.sql<{ id: string }[]>`select id from users where email = 'nul@example.com'`)[0]!.id;
  const stored = await postDataset(harness.origin, alice.cookie, { fileName: 'kept.csv', bytes: bytes('a\n1\n') });
  expect(stored.status).toBe(200);
  const [kept] = await blobFiles();
  expect(kept).toMatch(/^datasets\//);

  const blobs = harness.services.blobs;
  // The blob lands, then the step fails (say the disk fills while syncing): the row rolls back.
  const attempt = (blobKey: string) =>
    insertDatasetVersion(
      harness.services.db,
      { teamId, userId, name: 'late-failure', blobKey, format: 'csv', bytes: 4, sha256: 'f', rowCount: 1, schema: { columns: [] } },
      {
        place: async () => {
          await blobs.put(blobKey, bytes('a\n1\n'));
          throw new Error('disk full');
        },
        remove: () => blobs.delete(blobKey),
      },
    );
  const before = await versionCount();
  await expect(attempt(`datasets/${teamId}/orphan.csv`)).rejects.toThrow('disk full');
  expect(await blobFiles()).toEqual([kept]);
  await expect(attempt(kept!)).rejects.toThrow('disk full');
  expect(await blobFiles()).toEqual([kept]);
  expect(await versionCount()).toBe(before);
});
