import type { IngestError } from './ingest-error'

/** Carries a batch's clashes out of its transaction callback, so that the transaction rolls back. */
export class BatchRefused extends Error {
  constructor(readonly errors: readonly IngestError[]) {
    super('batch refused')
    this.name = 'BatchRefused'
  }
}
