// One problem found in a scenario: where (a path into the YAML) and what is wrong.

export interface Problem {
  path: (string | number)[];
  message: string;
}
