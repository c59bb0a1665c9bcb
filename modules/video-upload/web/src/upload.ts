/**
 * The upload page (index.html): password, several files, one progress bar and one result
 * per file. For each file it asks the API for a pre-signed URL, then PUTs the file straight
 * to S3 with XMLHttpRequest (for upload progress). Bundled by `npm run build` to
 * dist/upload.js; reads config.json from its own origin at start.
 */
import { errorMessage } from '../../../shared-functions/src/errors.js';
import { mapPool } from '../../../../src/lib/pool.js';
import { MEDIA_TYPES } from '../../functions/shared/src/media-types.js';
import {
  declaredType,
  formatSize,
  loadConfig,
  PageError,
  putHeaders,
  requestUpload,
  type PageConfig,
  type UploadTicket,
} from './client.js';

const CONCURRENCY = 3;

type RowState = 'waiting' | 'uploading' | 'done' | 'error';

interface Row {
  setState(state: RowState, text: string): void;
  setProgress(fraction: number): void;
}

function element<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`upload page: #${id} is missing from index.html`);
  return found;
}

function createRow(list: HTMLUListElement, file: File): Row {
  const item = document.createElement('li');
  item.className = 'file';
  const name = document.createElement('span');
  name.className = 'file-name';
  name.textContent = `${file.name} (${formatSize(file.size)})`;
  const progress = document.createElement('progress');
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('aria-label', `Upload progress of ${file.name}`);
  const result = document.createElement('span');
  result.className = 'file-result';
  item.append(name, progress, result);
  list.append(item);
  const row: Row = {
    setState(state, text) {
      item.dataset.state = state;
      result.textContent = text;
    },
    setProgress(fraction) {
      progress.value = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
    },
  };
  row.setState('waiting', 'Waiting');
  return row;
}

/** PUT with progress; resolves with the HTTP status (0 when the request failed). */
function putFile(ticket: UploadTicket, file: File, onProgress: (fraction: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', ticket.uploadUrl);
    for (const [name, value] of Object.entries(putHeaders(ticket))) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => resolve(xhr.status));
    xhr.addEventListener('error', () => resolve(0));
    xhr.addEventListener('abort', () => resolve(0));
    xhr.send(file);
  });
}

function main(): void {
  const form = element('upload-form', HTMLFormElement);
  const password = element('password', HTMLInputElement);
  const picker = element('files', HTMLInputElement);
  const button = element('upload-button', HTMLButtonElement);
  const status = element('status', HTMLParagraphElement);
  const alert = element('form-error', HTMLParagraphElement);
  const list = element('file-list', HTMLUListElement);

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

  let config: PageConfig | undefined;
  const ready = loadConfig(fetch.bind(window)).then(
    (loaded) => {
      config = loaded;
    },
    (error: unknown) => {
      button.disabled = true;
      showError(`The upload page is not configured: ${errorMessage(error)}`);
    },
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      await ready;
      const current = config;
      if (!current) return;
      clearError();
      const files = [...(picker.files ?? [])];
      if (!password.value) return showError('Enter the upload password.', password);
      if (files.length === 0) return showError('Choose at least one file.', picker);

      button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      list.replaceChildren();
      const rows = files.map((file) => createRow(list, file));
      status.textContent = `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`;
      let stopped = false;
      let uploaded = 0;

      await mapPool(files, CONCURRENCY, async (file, index) => {
        const row = rows[index]!;
        if (stopped) return row.setState('error', 'Not uploaded');
        const contentType = declaredType(file);
        if (!contentType) return row.setState('error', 'Not uploaded: this file type is not supported');
        row.setState('uploading', 'Preparing…');
        let ticket: UploadTicket;
        try {
          ticket = await requestUpload(fetch.bind(window), current, {
            password: password.value,
            fileName: file.name,
            contentType,
            size: file.size,
          });
        } catch (error) {
          const message = errorMessage(error);
          if (error instanceof PageError && error.status === 401) {
            stopped = true;
            showError(message, password);
            return row.setState('error', 'Not uploaded');
          }
          return row.setState('error', `Not uploaded: ${message}`);
        }
        if (stopped) return row.setState('error', 'Not uploaded');
        row.setState('uploading', 'Uploading…');
        const httpStatus = await putFile(ticket, file, (fraction) => row.setProgress(fraction));
        if (httpStatus >= 200 && httpStatus < 300) {
          uploaded++;
          row.setProgress(1);
          row.setState('done', 'Uploaded');
        } else {
          row.setState(
            'error',
            httpStatus === 0 ? 'Upload failed: network error' : `Upload failed (HTTP ${httpStatus})`,
          );
        }
      });

      status.textContent =
        `Finished: ${uploaded} of ${files.length} file${files.length === 1 ? '' : 's'} uploaded.` +
        (uploaded > 0 ? ' Uploaded files are checked before they are published.' : '');
      form.removeAttribute('aria-busy');
      button.disabled = false;
    })();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
