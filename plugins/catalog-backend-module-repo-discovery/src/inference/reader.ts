import { parseAllDocuments } from 'yaml';
import { RepoContents } from '../types';
import { RepoTree } from './tree';

/** The most files one inference reads, whatever the repository looks like. */
export const MAX_FILE_READS = 40;

/** The largest file the inference looks into; bigger ones are skipped as not "well-known small". */
const MAX_FILE_SIZE = 512 * 1024;

/**
 * Reads files of one repository for the inference: only files the tree lists, each at most once,
 * and no more than {@link MAX_FILE_READS} in all, so one odd repository cannot make the inference
 * expensive. Records what it read, for tests and logs.
 */
export class FileReader {
  /** Paths actually read, in the order they were read. */
  readonly readPaths: string[] = [];
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly contents: RepoContents,
    private readonly tree: RepoTree,
    private readonly limit: number = MAX_FILE_READS,
  ) {}

  /** The text of a file; undefined when it does not exist, is too big, or the budget is spent. */
  text(path: string): Promise<string | undefined> {
    if (!this.tree.hasFile(path)) return Promise.resolve(undefined);
    let pending = this.cache.get(path);
    if (!pending) {
      if (this.readPaths.length >= this.limit)
        return Promise.resolve(undefined);
      this.readPaths.push(path);
      pending = this.contents.readFile(path).then(
        text =>
          text !== undefined && text.length <= MAX_FILE_SIZE ? text : undefined,
        () => undefined,
      );
      this.cache.set(path, pending);
    }
    return pending;
  }

  /** A JSON file as an object; undefined when missing or not a JSON object. */
  async json(path: string): Promise<Record<string, unknown> | undefined> {
    const text = await this.text(path);
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value)
        ? value
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The YAML documents of a file that parse to objects; documents with errors (e.g. Helm
   * templates) are skipped.
   */
  async yamlObjects(path: string): Promise<Record<string, any>[]> {
    const text = await this.text(path);
    if (text === undefined) return [];
    try {
      return parseAllDocuments(text).flatMap(doc => {
        if (doc.errors.length > 0) return [];
        const value = doc.toJS();
        return value && typeof value === 'object' && !Array.isArray(value)
          ? [value]
          : [];
      });
    } catch {
      return [];
    }
  }
}
