import { expect } from "vitest";

/** An RFC 9457 problem document as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Asserts an RFC 9457 answer with this status, free of stack traces, and returns it. */
export const expectProblem = async (res: Response, status: number): Promise<Problem> => {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = JSON.parse(text) as Problem;
  expect(body).toMatchObject({ status, type: expect.stringMatching(new RegExp(`#errors-${status}$`)) });
  expect(body.title).toBeTruthy();
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  return body;
};
