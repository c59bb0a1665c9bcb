/**
 * The upload page (index.html): password, files from the picker or dropped on the page, one
 * row per file with progress, speed, time left, its own Cancel/Retry/Remove buttons and,
 * after the upload, the validator's verdict. The work itself is uploader.ts; this file
 * draws it and wires the controls. Bundled by `npm run build` to dist/upload.js; reads
 * config.json from its own origin at start.
 */
import { MEDIA_TYPES, sizeLimitOf } from '../../functions/shared/src/media-types.js';
import { formatBytes } from '../../functions/shared/src/sizes.js';
import { createUploadApi, loadConfig } from './client.js';
import { displayName, progressText, UploadQueue, type Transport, type UploadItem } from './uploader.js';

function element<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`upload page: #${id} is missing from index.html`);
  return found;
}

/** XMLHttpRequest, for its upload progress events (fetch has none). */
const xhrTransport: Transport = {
  put(url, body, headers, onProgress, signal) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
      xhr.addEventListener('load', () =>
        resolve({ status: xhr.status, etag: xhr.getResponseHeader('ETag') ?? undefined }),
      );
      xhr.addEventListener('error', () => resolve({ status: 0 }));
      xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
      if (signal.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(body);
    });
  },
};

/** "Up to 500 MB per file (SVG up to 64 MB)." */
function sizeHintText(maxUploadBytes: number): string {
  const lower = MEDIA_TYPES.filter((t) => sizeLimitOf(t, maxUploadBytes) < maxUploadBytes).map(
    (t) => `${t.label} up to ${formatBytes(sizeLimitOf(t, maxUploadBytes))}`,
  );
  return `Up to ${formatBytes(maxUploadBytes)} per file${lower.length ? ` (${lower.join(', ')})` : ''}.`;
}

interface Row {
  item: HTMLLIElement;
  progress: HTMLProgressElement;
  detail: HTMLParagraphElement;
  result: HTMLParagraphElement;
  actions: HTMLDivElement;
  drawn?: string;
}

function main(): void {
  const form = element('upload-form', HTMLFormElement);
  const password = element('password', HTMLInputElement);
  const picker = element('files', HTMLInputElement);
  const dropZone = element('drop-zone', HTMLDivElement);
  const cancelAll = element('cancel-all', HTMLButtonElement);
  const retryFailed = element('retry-failed', HTMLButtonElement);
  const uploadButton = element('upload-button', HTMLButtonElement);
  const status = element('status', HTMLParagraphElement);
  const alert = element('form-error', HTMLParagraphElement);
  const list = element('file-list', HTMLUListElement);
  const sizeHint = element('size-hint', HTMLSpanElement);

  picker.accept = [
    ...MEDIA_TYPES.map((t) => t.mime),
    ...MEDIA_TYPES.flatMap((t) => t.extensions.map((e) => `.${e}`)),
  ].join(',');

  const clearError = () => {
    alert.textContent = '';
    alert.hidden = true;
    for (const input of [password, picker]) input.removeAttribute('aria-invalid');
  };
  const showError = (message: string, field?: HTMLInputElement) => {
    clearError();
    alert.textContent = message;
    alert.hidden = false;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  };
  const announce = (text: string) => {
    status.textContent = text;
  };

  const rows = new Map<number, Row>();
  let queue: UploadQueue | undefined;

  const button = (label: string, name: string, onClick: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = label;
    b.setAttribute('aria-label', `${label} ${displayName(name)}`);
    b.addEventListener('click', onClick);
    return b;
  };

  const rowFor = (item: UploadItem): Row => {
    let row = rows.get(item.id);
    if (row) return row;
    const li = document.createElement('li');
    li.className = 'file';
    const name = document.createElement('span');
    name.className = 'file-name';
    name.textContent = `${displayName(item.file.name)} `;
    const size = document.createElement('span');
    size.className = 'file-size';
    size.textContent = `(${formatBytes(item.file.size)})`;
    name.append(size);
    const progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', `Upload progress of ${displayName(item.file.name)}`);
    const detail = document.createElement('p');
    detail.className = 'file-progress';
    const result = document.createElement('p');
    result.className = 'file-result';
    const actions = document.createElement('div');
    actions.className = 'file-actions';
    li.append(name, actions, progress, detail, result);
    list.append(li);
    row = { item: li, progress, detail, result, actions };
    rows.set(item.id, row);
    return row;
  };

  const draw = (item: UploadItem) => {
    const row = rowFor(item);
    row.item.dataset.state = item.state;
    const percent = item.file.size > 0 ? Math.floor((item.sent / item.file.size) * 100) : 0;
    row.progress.value = item.state === 'checking' || item.state === 'accepted' ? 100 : percent;
    row.detail.textContent = item.state === 'uploading' ? progressText(item) : '';
    row.result.textContent = item.message;
    // Buttons are rebuilt only when the state changes, so focus stays where it is.
    if (row.drawn !== item.state) {
      const wasFocused = row.actions.contains(document.activeElement);
      const q = queue!;
      const buttons: HTMLButtonElement[] = [];
      if (item.state === 'uploading' || item.state === 'waiting')
        buttons.push(button('Cancel', item.file.name, () => q.cancel(item.id)));
      if (item.state === 'cancelled' || item.state === 'failed')
        buttons.push(button('Retry', item.file.name, () => q.retry(item.id)));
      if (['ready', 'invalid', 'cancelled', 'failed'].includes(item.state))
        buttons.push(button('Remove', item.file.name, () => q.remove(item.id)));
      // A finished file only leaves the list; what was stored stays stored.
      if (['accepted', 'rejected', 'unknown'].includes(item.state))
        buttons.push(button('Dismiss', item.file.name, () => q.remove(item.id)));
      row.actions.replaceChildren(...buttons);
      if (wasFocused) (buttons[0] ?? password).focus();
      row.drawn = item.state;
    }
    updateControls();
  };

  const updateControls = () => {
    if (!queue) return;
    cancelAll.disabled = !queue.busy;
    retryFailed.disabled = queue.count('failed') === 0;
    form.setAttribute('aria-busy', String(queue.busy));
  };

  const addFiles = (files: readonly File[]) => {
    if (!queue || files.length === 0) return;
    clearError();
    const added = queue.add(files);
    const refused = added.filter((item) => item.state === 'invalid').length;
    announce(
      `${added.length} file${added.length === 1 ? '' : 's'} added` +
        (refused ? `; ${refused} cannot be uploaded (see the list).` : '.'),
    );
  };

  const ready = loadConfig(fetch.bind(window)).then(
    (config) => {
      const api = createUploadApi(fetch.bind(window), config);
      if (config.maxUploadBytes) sizeHint.textContent = sizeHintText(config.maxUploadBytes);
      queue = new UploadQueue({
        api,
        transport: xhrTransport,
        password: () => password.value,
        maxUploadBytes: config.maxUploadBytes,
        onChange: draw,
        onRemove: (item) => {
          rows.get(item.id)?.item.remove();
          rows.delete(item.id);
          updateControls();
          picker.focus();
        },
        announce,
        onWrongPassword: (message) => showError(message, password),
      });
    },
    (error: unknown) => {
      uploadButton.disabled = true;
      showError(`The upload page is not configured: ${error instanceof Error ? error.message : String(error)}`);
    },
  );

  picker.addEventListener('change', () => {
    addFiles([...(picker.files ?? [])]);
    picker.value = ''; // the same file can be chosen again after Remove
  });

  // Dropping anywhere on the page adds the files (instead of the browser opening them).
  const dragging = (on: boolean) => dropZone.classList.toggle('dragging', on);
  for (const type of ['dragenter', 'dragover'] as const)
    document.addEventListener(type, (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      dragging(true);
    });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dragging(false);
  });
  document.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    dragging(false);
    void ready.then(() => addFiles([...event.dataTransfer!.files]));
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ready.then(() => {
      if (!queue) return;
      clearError();
      if (!password.value) return showError('Enter the upload password.', password);
      if (queue.count('ready') === 0) {
        if (queue.busy) return announce('Every file is already on its way.');
        return showError('Add at least one file to upload.', picker);
      }
      queue.start();
    });
  });
  cancelAll.addEventListener('click', () => queue?.cancelAll());
  retryFailed.addEventListener('click', () => {
    if (!password.value) return showError('Enter the upload password.', password);
    queue?.retryFailed();
  });

  // Leaving the page drops every upload in flight: ask first.
  window.addEventListener('beforeunload', (event) => {
    if (queue?.busy) event.preventDefault();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
