// A Filter plugin's verdict on a node: the reasons it gives and whether preemption might help
// (Unschedulable) or cannot (UnschedulableAndUnresolvable).

export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  code: Code;
  reasons: string[];
  plugin: string;
}
