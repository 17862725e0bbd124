// The messages between the calculator page (client.mjs) and its two module workers (worker.mjs,
// snapshot-maker.mjs), written once. Each is a JSDoc type: tsc checks every module that sends or
// receives one against it (tools/node/tsconfig.*.json, run by ./dev test), so a field renamed on one
// side and not the other is an error at test time, not a silent `undefined` in a reader's browser.
//
// Page → worker:        InitMessage, then EstimateMessage and WhatIfMessage (any number)
// Worker → page:        ProgressMessage (file by file, then the plan), ReadyMessage or FailedMessage,
//                       AnswerMessage per estimate, then a CompareMessage unless a newer request waits;
//                       WhatIfAnswerMessage per what-if, unless a newer one waits
// Page → snapshot maker: MakeMessage;  snapshot maker → page: KeptMessage or FailedMessage
// client.mjs adds what only the page knows (PageMessage) before its listeners see a message.

/**
 * The runtime's configuration, from the page's #pe-runtime (policy_explorer/runtime.py), every path
 * made absolute by client.mjs.
 * @typedef {object} RuntimeConfig
 * @property {string} pyodide Pyodide's folder (this site's, or a configured address)
 * @property {string} packages the calculator's runtime folder, runtime/calculator-<hash>/
 * @property {string | null} snapshot the build's start-up snapshot, when it made one
 * @property {string | null} stdlib the trimmed standard library, when there is one
 * @property {string} lock Pyodide's lock file, inlined
 * @property {Record<string, string>} integrity each runtime file (absolute URL) → "sha256-…"
 * @property {Record<string, number>} sizes each runtime file (absolute URL) → its size in bytes
 * @property {boolean} localSnapshotOff the reader turned off the snapshot made in this browser
 */

/**
 * The company the form describes (policy_explorer/calculator/browser.py reads it): yes/no and grades as facts.
 * @typedef {object} Profile
 * @property {string} jurisdiction
 * @property {boolean} startup
 * @property {Record<string, boolean | number>} facts
 */

/**
 * One estimate as the page asks it; numbers stay the text typed (policy_explorer/calculator/typed.py reads them).
 * @typedef {object} EstimateRequest
 * @property {Profile} profile
 * @property {string} on the day the estimate is for, YYYY-MM-DD
 * @property {boolean} compare whether the same facts in every place follow the answer
 * @property {Record<string, string>} typed fact → the text typed in its field
 * @property {Unit} unit the unit amounts are typed in
 */

/** @typedef {"wan" | "cny"} Unit  amounts typed in 万元, or in yuan */

/**
 * The engine's JSON answer (policy_explorer/calculator/browser.py: handle): its shape is the engine's, checked by
 * the Python tests; the page reads it and shows its words as text.
 * @typedef {{ ok: boolean, [key: string]: any }} Answer
 */

/** @typedef {{ type: "init", config: RuntimeConfig }} InitMessage */
/** @typedef {{ type: "estimate", id: number, request: EstimateRequest }} EstimateMessage */
/**
 * The claim against one expense (policy_explorer/calculator/whatif.py), for the estimate `request` as the form has it.
 * @typedef {{ type: "whatif", id: number, request: EstimateRequest, fact: string }} WhatIfMessage
 */
/** @typedef {InitMessage | EstimateMessage | WhatIfMessage} ToWorker */

/**
 * How the worker started: a snapshot this browser made, the build's snapshot, or Python afresh.
 * @typedef {"local" | "snapshot" | "wheel"} StartMode
 */

/**
 * @typedef {object} ReadyMessage
 * @property {"ready"} type
 * @property {number} ms the start's duration
 * @property {StartMode} mode
 * @property {Record<string, number | string | null>} marks the start's steps, ms after it began
 */

/**
 * A runtime file on its way: started, arrived (its size) or failed twice.
 * @typedef {object} FileProgress
 * @property {"progress"} type
 * @property {string} file its name, without the folder
 * @property {"start" | "done" | "failed"} state
 * @property {number} [bytes]
 */

/** @typedef {{ type: "progress", state: "plan", total: number }} PlanProgress  the bytes still to come */
/** @typedef {FileProgress | PlanProgress} ProgressMessage */

/** @typedef {{ type: "answer", id: number, answer: Answer, ms: number }} AnswerMessage */

/**
 * The what-if `id`'s answer: the engine's `what_if` and `what_if_labels` (or its error) in `answer`.
 * @typedef {{ type: "whatif", id: number, fact: string, answer: Answer }} WhatIfAnswerMessage
 */

/**
 * The same facts in every place (the engine's rows and note), for the request `id`.
 * @typedef {{ type: "compare", id: number, compare: any[], note: any }} CompareMessage
 */

/**
 * The start failed; `file` names a runtime file that failed its check twice.
 * @typedef {{ type: "failed", message: string, file?: string }} FailedMessage
 */

/**
 * @typedef {ReadyMessage | ProgressMessage | AnswerMessage | CompareMessage | WhatIfAnswerMessage | FailedMessage}
 *   FromWorker
 */

/**
 * What client.mjs passes on to the page: a progress with the totals so far, a "ready" with the moment
 * the worker was started, the others as they came.
 * @typedef {object} ProgressShown
 * @property {"progress"} type
 * @property {string} [file]
 * @property {"start" | "done" | "failed" | "plan"} state
 * @property {string[]} files the files on their way
 * @property {number} loaded bytes arrived so far
 * @property {number} total bytes the start needs
 */
/** @typedef {ReadyMessage & { startedAt: number }} ReadyShown */
/**
 * @typedef {ReadyShown | ProgressShown | AnswerMessage | CompareMessage | WhatIfAnswerMessage | FailedMessage}
 *   PageMessage
 */

/** @typedef {{ type: "make", config: RuntimeConfig }} MakeMessage */
/** @typedef {{ type: "kept", bytes: number, ms: number }} KeptMessage */
/** @typedef {KeptMessage | FailedMessage} FromMaker */

/**
 * An error's words for a FailedMessage (a thrown value need not be an Error).
 * @param {unknown} error
 * @returns {string}
 */
export function errorText(error) {
  const message = typeof error === "object" && error !== null && "message" in error ? error.message : undefined;
  return String(message || error);
}
