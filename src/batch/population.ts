/**
 * The population side of batch screening: a source lists patients and loads each one's data on
 * demand, so a run can skip finished patients (resume) before paying for their data.
 *
 * Resources travel as JSON text, not objects: the main thread only moves strings around and the
 * evaluator (often a worker thread) parses them, which keeps the main thread free for I/O.
 */
export interface PatientPayload {
  /** Patient.id (no `Patient/` prefix). */
  id: string;
  /** The Patient and every resource about them, one JSON document each. */
  resources: string[];
}

export interface PatientTask {
  id: string;
  load(signal?: AbortSignal): Promise<PatientPayload>;
}

/** A problem in the input that is not one patient's (a malformed NDJSON line, an orphan resource). */
export interface SourceProblem {
  /** Where: `Observation.ndjson:17`, or a search description. Never patient data. */
  where: string;
  message: string;
}

export interface PopulationSource {
  /** Short, loggable description (`NDJSON export in ./export`, `FHIR server https://…`). */
  readonly description: string;
  /** Resources shared by many patients (Medication), handed to every evaluator once, as JSON text. */
  shared(): Promise<string[]>;
  /** How many patients will be listed, when the source can tell cheaply (progress ETA). */
  count(signal?: AbortSignal): Promise<number | undefined>;
  patients(signal?: AbortSignal): AsyncIterable<PatientTask>;
  /** Problems met so far (bounded list; `problemCount` has the total). */
  problems(): { count: number; samples: SourceProblem[] };
  /** Removes temporary files. */
  close(): Promise<void>;
}

/** Keeps the first few problems for the summary and counts them all. */
export class ProblemLog {
  private total = 0;
  private readonly kept: SourceProblem[] = [];
  constructor(private readonly limit = 50) {}

  add(problem: SourceProblem): void {
    this.total++;
    if (this.kept.length < this.limit) this.kept.push(problem);
  }

  snapshot(): { count: number; samples: SourceProblem[] } {
    return { count: this.total, samples: [...this.kept] };
  }
}
