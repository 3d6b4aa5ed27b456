import { Job } from './runUnits';

/** A parallel job the driver runs before the steps continue (dedup steps and centre choice both yield them). */
export interface JobRequest {
  job: Job;
  units: number;
  /** Reports progress from the job's item counter. */
  progress?: (itemsDone: number) => void;
}
