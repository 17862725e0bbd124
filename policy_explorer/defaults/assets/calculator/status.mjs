// The calculator's status line (#pe-calc-status): how far the runtime's download has come, then ready
// or why it failed. The data-* it carries are read by the browser tests and the benchmark.

/** @import { FailedMessage, ProgressShown, ReadyShown } from "./protocol.mjs" */

export class Status {
  /** @param {Record<string, string>} words */
  constructor(words) {
    this.words = words;
    this.line = /** @type {HTMLElement} */ (document.getElementById("pe-calc-status"));
  }

  /** @param {ReadyShown} message */
  ready(message) {
    const line = this.line;
    line.textContent = this.words.ready; // the progress bar goes with the loading text
    delete line.dataset.loaded;
    delete line.dataset.total;
    line.dataset.state = "ready";
    line.dataset.mode = message.mode; // "local", "snapshot" or "wheel" (see worker.mjs)
    line.dataset.startMs = String(Math.round(message.ms));
    line.dataset.marks = JSON.stringify({ ...message.marks, workerStartedAt: Math.round(message.startedAt) });
  }

  /**
   * In words, and how much has come: "正在准备计算器，首次约需 10 秒 · 9.1 / 21.4 MB". No file names
   * (they mean nothing to a reader; a file is named only if it fails). The megabytes are not read
   * out (aria-hidden), so the status line is announced once, not on every chunk.
   * @param {ProgressShown} message
   */
  progress(message) {
    const line = this.line;
    const mb = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1);
    const first = line.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE && first.textContent !== this.words.loading) {
      first.textContent = this.words.loading;
    }
    const amount = document.getElementById("pe-calc-mb");
    if (amount) amount.textContent = ` · ${mb(message.loaded)} / ${mb(message.total)} MB`;
    const bar = /** @type {HTMLProgressElement | null} */ (document.getElementById("pe-calc-progress"));
    if (bar) {
      bar.hidden = false;
      bar.max = message.total;
      bar.value = message.loaded;
    }
    line.dataset.loaded = String(message.loaded);
    line.dataset.total = String(message.total);
  }

  /**
   * A runtime file that failed its check twice is named in the page's language; else the worker's words.
   * @param {FailedMessage} message
   */
  failed(message) {
    const w = this.words;
    const line = this.line;
    line.textContent = message.file ? w.failed_file.replace("{file}", message.file) : w.failed + message.message;
    line.dataset.state = "failed";
    // The bar on a phone's first screen said "preparing": it says what the status line says now.
    const waiting = document.querySelector("#pe-calc-summary[data-example] .pe-calc-summary__loading");
    if (waiting) waiting.textContent = line.textContent;
  }

  /**
   * The fields of a group could not be fetched.
   * @param {string} why
   */
  fieldsFailed(why) {
    this.line.textContent = this.words.failed + why;
  }
}
