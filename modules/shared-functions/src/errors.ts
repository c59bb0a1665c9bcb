/** One line describing any thrown value, for log lines and stored reasons; never a stack trace. */
export function errorMessage(error: unknown): string {
  let text: string;
  if (error instanceof Error) text = error.message.trim() || error.name;
  else if (typeof error === 'string') text = error;
  else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = String(error); // circular
    }
  }
  return text.trim().split('\n', 1)[0] ?? '';
}
