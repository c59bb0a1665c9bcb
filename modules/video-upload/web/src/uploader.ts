/**
 * The upload page's engine, without the DOM: a list of files, each with a state, and the
 * work that moves them along — check type and size on arrival, ask for upload URLs, PUT the
 * file (or its parts), complete, then poll for the validator's verdict.
 *
 *   invalid              type or size refused before anything was requested
 *   ready                added, not started (the Upload button starts every ready file)
 *   waiting → uploading  queued, then sending (at most `fileConcurrency` files at once)
 *   cancelled, failed    stopped; Retry (or "Retry failed") resumes: finished parts and the
 *                        upload's key are kept, so nothing is sent twice
 *   checking             uploaded; the validator has not answered yet
 *   accepted, rejected   the validator's verdict; unknown when none came in time
 *
 * Large files go up as a multipart upload: at most `partConcurrency` parts at once, a failed
 * part is retried with exponential backoff, part URLs that have expired are signed again.
 * Everything lives in memory: after a reload the page knows nothing of earlier uploads (an
 * unfinished multipart upload is removed by the staging bucket's lifecycle after a day).
 */
import { formatBytes, partPlan, tooLargeMessage } from '../../functions/shared/src/sizes.js';
import { mediaTypeOf, sizeLimitOf, supportedLabels } from '../../functions/shared/src/media-types.js';
import { declaredType, PageError, putHeaders, type SignedPart, type UploadApi, type UploadTicket } from './client.js';

export type FileState =
  | 'invalid'
  | 'ready'
  | 'waiting'
  | 'uploading'
  | 'cancelled'
  | 'failed'
  | 'checking'
  | 'accepted'
  | 'rejected'
  | 'unknown';

export interface PutResult {
  /** HTTP status; 0 when the request failed without an answer (network, CORS). */
  status: number;
  etag?: string;
}

/** One HTTP PUT with upload progress; rejects (AbortError) when `signal` aborts. */
export interface Transport {
  put(
    url: string,
    body: Blob,
    headers: Record<string, string>,
    onProgress: (loaded: number) => void,
    signal: AbortSignal,
  ): Promise<PutResult>;
}

export interface UploadItem {
  readonly id: number;
  readonly file: File;
  state: FileState;
  /** What the file's row says about it. */
  message: string;
  /** Bytes sent (finished parts plus what is in flight). */
  sent: number;
  /** Bytes per second over the last few seconds, while uploading. */
  speed?: number;
  secondsLeft?: number;
  key?: string;
}

export interface QueueOptions {
  api: UploadApi;
  transport: Transport;
  password: () => string;
  maxUploadBytes?: number;
  onChange: (item: UploadItem) => void;
  onRemove?: (item: UploadItem) => void;
  /** Short sentences for the live region. */
  announce: (text: string) => void;
  /** The API refused the password: everything stopped. */
  onWrongPassword: (message: string) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fileConcurrency?: number;
  partConcurrency?: number;
  partAttempts?: number;
  backoffMs?: number;
  pollMs?: number;
  checkTimeoutMs?: number;
}

interface Work {
  contentType?: string;
  ticket?: UploadTicket;
  ticketExpiresAt: number;
  /** Finished parts: part number → ETag. */
  done: Map<number, string>;
  inFlight: Map<number, number>;
  partUrls: Map<number, { url: string; expiresAt: number }>;
  refreshing?: Promise<void>;
  controller?: AbortController;
  samples: { at: number; sent: number }[];
  checkingSince: number;
  completed: boolean;
}

const SPEED_WINDOW_MS = 5000;
/** A URL about to expire is not used: signed again first. */
const EXPIRY_MARGIN_MS = 60_000;

export class UploadQueue {
  readonly items: UploadItem[] = [];
  private readonly work = new Map<number, Work>();
  private nextId = 1;
  private running = 0;
  private polling = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: QueueOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Adds files; each is checked for type and size at once. */
  add(files: readonly File[]): UploadItem[] {
    const added = files.map((file) => {
      const item: UploadItem = { id: this.nextId++, file, state: 'ready', message: 'Ready to upload', sent: 0 };
      const contentType = declaredType(file);
      const type = contentType === undefined ? undefined : mediaTypeOf(contentType);
      const uploadLimit = this.options.maxUploadBytes ?? Number.POSITIVE_INFINITY;
      const limit = type ? sizeLimitOf(type, uploadLimit) : uploadLimit;
      if (!contentType) {
        item.state = 'invalid';
        item.message = `Not accepted: this file type is not supported. Supported: ${supportedLabels()}.`;
      } else if (file.size === 0) {
        item.state = 'invalid';
        item.message = 'Not accepted: the file is empty.';
      } else if (file.size > limit) {
        item.state = 'invalid';
        item.message = `Not accepted: ${tooLargeMessage(file.size, limit, limit < uploadLimit ? type?.label : undefined)}`;
      }
      this.items.push(item);
      this.work.set(item.id, {
        contentType,
        ticketExpiresAt: 0,
        done: new Map(),
        inFlight: new Map(),
        partUrls: new Map(),
        samples: [],
        checkingSince: 0,
        completed: false,
      });
      return item;
    });
    for (const item of added) this.options.onChange(item);
    return added;
  }

  /** Starts every file that is ready; files already sent or on their way are left alone. */
  start(): number {
    const ready = this.items.filter((item) => item.state === 'ready');
    for (const item of ready) this.queue(item);
    if (ready.length) this.options.announce(`Uploading ${plural(ready.length, 'file')}.`);
    this.pump();
    return ready.length;
  }

  cancel(id: number): void {
    const item = this.find(id);
    if (!item) return;
    if (item.state === 'uploading') this.work.get(id)!.controller?.abort();
    else if (item.state === 'waiting') this.stop(item, 'cancelled', 'Cancelled');
  }

  cancelAll(): void {
    for (const item of this.items) if (item.state === 'uploading' || item.state === 'waiting') this.cancel(item.id);
  }

  retry(id: number): void {
    const item = this.find(id);
    if (!item || (item.state !== 'cancelled' && item.state !== 'failed')) return;
    this.queue(item);
    this.options.announce(`Retrying ${displayName(item.file.name)}.`);
    this.pump();
  }

  retryFailed(): number {
    const failed = this.items.filter((item) => item.state === 'failed');
    for (const item of failed) this.queue(item);
    if (failed.length) this.options.announce(`Retrying ${plural(failed.length, 'failed file')}.`);
    this.pump();
    return failed.length;
  }

  /** Removes a file that is not on its way; an unfinished multipart upload is aborted. */
  remove(id: number): void {
    const item = this.find(id);
    if (!item || ['waiting', 'uploading', 'checking'].includes(item.state)) return;
    const work = this.work.get(id)!;
    if (work.ticket?.kind === 'multipart' && !work.completed) {
      const { key, uploadId } = work.ticket;
      this.options.api.abort({ password: this.options.password(), key, uploadId }).catch(() => {
        // Best effort: the staging lifecycle aborts it after a day anyway.
      });
    }
    this.items.splice(this.items.indexOf(item), 1);
    this.work.delete(id);
    this.options.onRemove?.(item);
  }

  /** Is anything being sent or waiting to be sent? */
  get busy(): boolean {
    return this.items.some((item) => item.state === 'uploading' || item.state === 'waiting');
  }

  count(...states: FileState[]): number {
    return this.items.filter((item) => states.includes(item.state)).length;
  }

  private find(id: number): UploadItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  private queue(item: UploadItem): void {
    item.state = 'waiting';
    item.message = 'Waiting';
    this.options.onChange(item);
  }

  private stop(item: UploadItem, state: FileState, message: string): void {
    item.state = state;
    item.message = message;
    item.speed = undefined;
    item.secondsLeft = undefined;
    this.options.onChange(item);
  }

  private pump(): void {
    const limit = this.options.fileConcurrency ?? 3;
    while (this.running < limit) {
      const next = this.items.find((item) => item.state === 'waiting');
      if (!next) return;
      void this.run(next);
    }
  }

  private async run(item: UploadItem): Promise<void> {
    const work = this.work.get(item.id)!;
    const controller = new AbortController();
    work.controller = controller;
    work.samples = [];
    this.running++;
    item.state = 'uploading';
    item.message = work.done.size > 0 ? 'Resuming…' : 'Starting…';
    this.progress(item);
    try {
      const ticket = await this.ticketFor(item, work);
      if (controller.signal.aborted) throw abortError();
      if (ticket.kind === 'single') await this.putWhole(item, work, ticket, controller.signal);
      else {
        await this.putParts(item, work, ticket, controller.signal);
        item.message = 'Finishing…';
        this.options.onChange(item);
        await this.options.api.complete({
          password: this.options.password(),
          key: ticket.key,
          uploadId: ticket.uploadId,
          size: item.file.size,
          parts: [...work.done].map(([partNumber, etag]) => ({ partNumber, etag })),
        });
        work.completed = true;
      }
      item.sent = item.file.size;
      this.stop(item, 'checking', 'Uploaded — checking the file…');
      this.options.announce(`${displayName(item.file.name)} uploaded; checking it.`);
      work.checkingSince = this.now();
      void this.poll();
    } catch (error) {
      this.fail(item, work, controller.signal, error);
    } finally {
      work.controller = undefined;
      work.inFlight.clear();
      this.running--;
      this.pump();
    }
  }

  private fail(item: UploadItem, work: Work, signal: AbortSignal, error: unknown): void {
    if (signal.aborted) {
      const kept = work.done.size > 0 ? ` — ${formatBytes(this.doneBytes(item, work))} kept; Retry resumes` : '';
      item.sent = this.doneBytes(item, work);
      this.stop(item, 'cancelled', `Cancelled${kept}`);
      this.options.announce(`${displayName(item.file.name)} cancelled.`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PageError && error.status === 401) {
      this.stop(item, 'failed', 'Not uploaded: wrong upload password.');
      for (const other of this.items) if (other.state === 'waiting') this.stop(other, 'ready', 'Ready to upload');
      this.options.onWrongPassword(message);
      return;
    }
    if (error instanceof PageError && (error.status === 413 || error.status === 415)) {
      this.stop(item, 'invalid', `Not accepted: ${message}`);
      return;
    }
    item.sent = this.doneBytes(item, work);
    this.stop(item, 'failed', `Upload failed: ${message}`);
    this.options.announce(`${displayName(item.file.name)} failed: ${message}`);
  }

  private async ticketFor(item: UploadItem, work: Work): Promise<UploadTicket> {
    // A multipart upload is reused however old (its part URLs are signed again); a single
    // PUT URL until it expires — the same key, so a retry never makes a second object.
    if (work.ticket && (work.ticket.kind === 'multipart' || this.now() < work.ticketExpiresAt - EXPIRY_MARGIN_MS))
      return work.ticket;
    const ticket = await this.options.api.generateUrl({
      password: this.options.password(),
      fileName: item.file.name,
      contentType: work.contentType!,
      size: item.file.size,
    });
    work.ticket = ticket;
    work.ticketExpiresAt = this.now() + ticket.expiresIn * 1000;
    item.key = ticket.key;
    if (ticket.kind === 'multipart') this.rememberUrls(work, ticket.parts, ticket.expiresIn);
    return ticket;
  }

  private rememberUrls(work: Work, parts: readonly SignedPart[], expiresIn: number): void {
    const expiresAt = this.now() + expiresIn * 1000;
    for (const part of parts) work.partUrls.set(part.partNumber, { url: part.url, expiresAt });
  }

  private async putWhole(
    item: UploadItem,
    work: Work,
    ticket: Extract<UploadTicket, { kind: 'single' }>,
    signal: AbortSignal,
  ): Promise<void> {
    await this.withRetries(item, signal, 'the upload', async () => {
      const result = await this.options.transport.put(
        ticket.uploadUrl,
        item.file,
        putHeaders(ticket),
        (loaded) => {
          work.inFlight.set(1, loaded);
          this.progress(item);
        },
        signal,
      );
      work.inFlight.delete(1);
      return result;
    });
  }

  private async putParts(
    item: UploadItem,
    work: Work,
    ticket: Extract<UploadTicket, { kind: 'multipart' }>,
    signal: AbortSignal,
  ): Promise<void> {
    const plan = partPlan(item.file.size).parts;
    const todo = plan.filter((part) => !work.done.has(part.partNumber));
    await runPool(todo, this.options.partConcurrency ?? 3, async (part) => {
      const etag = await this.withRetries(item, signal, `part ${part.partNumber} of ${plan.length}`, async () => {
        const url = await this.partUrl(item, work, ticket, part.partNumber);
        const result = await this.options.transport.put(
          url,
          item.file.slice(part.offset, part.offset + part.size),
          {},
          (loaded) => {
            work.inFlight.set(part.partNumber, loaded);
            this.progress(item);
          },
          signal,
        );
        work.inFlight.delete(part.partNumber);
        if (result.status === 403) work.partUrls.delete(part.partNumber); // perhaps expired: sign again
        if (result.status >= 200 && result.status < 300 && !result.etag)
          throw new PageError(
            "S3 did not show the part's ETag (the staging bucket's CORS rule must expose the ETag header).",
          );
        return result;
      });
      work.done.set(part.partNumber, etag ?? '');
      this.progress(item);
    });
  }

  /**
   * Runs one PUT until it succeeds: network errors, 403 (an expired URL), 408, 429 and 5xx are
   * tried again after 1, 2, 4 … times `backoffMs` (±25 %), up to `partAttempts` attempts.
   */
  private async withRetries(
    item: UploadItem,
    signal: AbortSignal,
    what: string,
    put: () => Promise<PutResult>,
  ): Promise<string | undefined> {
    const attempts = this.options.partAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      const result = await put();
      if (signal.aborted) throw abortError();
      if (result.status >= 200 && result.status < 300) return result.etag;
      const problem = result.status === 0 ? 'network error' : `HTTP ${result.status}`;
      const retryable = [0, 403, 408, 429].includes(result.status) || result.status >= 500;
      if (!retryable || attempt >= attempts)
        throw new PageError(`${what} failed (${problem}) after ${plural(attempt, 'attempt')}.`);
      const delay = (this.options.backoffMs ?? 1000) * 2 ** (attempt - 1) * (0.75 + this.random() / 2);
      item.message = `${capitalise(what)} failed (${problem}); trying again in ${Math.max(1, Math.round(delay / 1000))} s…`;
      this.options.onChange(item);
      await this.sleep(delay, signal);
    }
  }

  private async partUrl(
    item: UploadItem,
    work: Work,
    ticket: Extract<UploadTicket, { kind: 'multipart' }>,
    partNumber: number,
  ): Promise<string> {
    const known = work.partUrls.get(partNumber);
    if (known && this.now() < known.expiresAt - EXPIRY_MARGIN_MS) return known.url;
    // One request signs every part still to send; parallel parts wait for the same one.
    work.refreshing ??= (async () => {
      const plan = partPlan(item.file.size).parts;
      const signed = await this.options.api.signParts({
        password: this.options.password(),
        key: ticket.key,
        uploadId: ticket.uploadId,
        size: item.file.size,
        partNumbers: plan.map((p) => p.partNumber).filter((n) => !work.done.has(n)),
      });
      this.rememberUrls(work, signed.parts, signed.expiresIn);
    })().finally(() => (work.refreshing = undefined));
    await work.refreshing;
    const fresh = work.partUrls.get(partNumber);
    if (!fresh) throw new PageError(`The upload service sent no URL for part ${partNumber}.`);
    return fresh.url;
  }

  private doneBytes(item: UploadItem, work: Work): number {
    const plan = partPlan(item.file.size).parts;
    return plan.filter((p) => work.done.has(p.partNumber)).reduce((sum, p) => sum + p.size, 0);
  }

  private progress(item: UploadItem): void {
    const work = this.work.get(item.id)!;
    let inFlight = 0;
    for (const loaded of work.inFlight.values()) inFlight += loaded;
    item.sent = Math.min(item.file.size, this.doneBytes(item, work) + inFlight);
    const at = this.now();
    work.samples.push({ at, sent: item.sent });
    while (work.samples.length > 2 && at - work.samples[0]!.at > SPEED_WINDOW_MS) work.samples.shift();
    const first = work.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    if (elapsed >= 0.5) {
      item.speed = Math.max(0, (item.sent - first.sent) / elapsed);
      item.secondsLeft = item.speed > 0 ? (item.file.size - item.sent) / item.speed : undefined;
    }
    this.options.onChange(item);
  }

  /** Polls GET /upload/status for every file being checked, every `pollMs`, until none is left. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        await this.sleep(this.options.pollMs ?? 2000);
        const checking = this.items.filter((item) => item.state === 'checking' && item.key);
        if (checking.length === 0) return;
        let statuses;
        try {
          statuses = await this.options.api.statuses(checking.slice(0, 50).map((item) => item.key!));
        } catch {
          continue; // the next round asks again
        }
        for (const status of statuses) {
          const item = checking.find((candidate) => candidate.key === status.key);
          if (!item || item.state !== 'checking') continue;
          if (status.state === 'accepted') {
            this.stop(item, 'accepted', `Accepted — stored as ${status.location}`);
            this.options.announce(`${displayName(item.file.name)} accepted.`);
          } else if (status.state === 'rejected') {
            this.stop(item, 'rejected', `Rejected: ${status.reason}`);
            this.options.announce(`${displayName(item.file.name)} rejected: ${status.reason}`);
          }
        }
        const timeout = this.options.checkTimeoutMs ?? 15 * 60_000;
        for (const item of checking) {
          if (item.state === 'checking' && this.now() - this.work.get(item.id)!.checkingSince > timeout) {
            this.stop(item, 'unknown', 'Uploaded; no check result yet — it is stored only if it passes.');
            this.options.announce(`${displayName(item.file.name)}: no check result yet.`);
          }
        }
      }
    } finally {
      this.polling = false;
    }
  }
}

/** Runs `fn` over `items`, `size` at a time; after a failure starts nothing new and rethrows it once the others ended. */
async function runPool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure) throw failure.error;
}

function abortError(): Error {
  return new DOMException('The upload was cancelled.', 'AbortError');
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A file name as the page shows it. Control characters, bidirectional ones included, become
 * U+FFFD: U+202E would make "\u202Egnp.mp4" read "4pm.png" and reverse the text after it.
 * A name that is not plain ASCII is also isolated (U+2068 … U+2069), so a right-to-left
 * name cannot reorder the words of the sentence around it.
 */
export function displayName(name: string): string {
  const visible = name.replace(/[\p{Bidi_Control}\p{Cc}]/gu, '\uFFFD');
  return /^[\x20-\x7e]*$/.test(visible) ? visible : `\u2068${visible}\u2069`;
}

/** "45 % · 2.1 MB/s · 12 s left" for a row that is uploading. */
export function progressText(item: UploadItem): string {
  const percent = item.file.size > 0 ? Math.floor((item.sent / item.file.size) * 100) : 0;
  const parts = [`${percent} %`, `${formatBytes(item.sent)} of ${formatBytes(item.file.size)}`];
  if (item.speed !== undefined && item.speed > 0) parts.push(`${formatBytes(Math.round(item.speed))}/s`);
  if (item.secondsLeft !== undefined) parts.push(`${formatDuration(item.secondsLeft)} left`);
  return parts.join(' · ');
}

export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
