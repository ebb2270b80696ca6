import { z } from 'zod';
import type { AgentHandler } from '../../core/agent-spec.ts';
import { schemaFromZod, type ValidationIssue } from '../../core/schema.ts';
import { localToday } from '../../domains/erp/erp-dates.ts';

export interface ClientReplyInput {
  /** The client's message, or the request to answer it. */
  text: string;
  /** The customer, when the caller knows it (id or name). */
  customer?: string;
  /** Facts handed over by the caller (another agent, a pipeline step); cited with source "input". */
  facts?: Array<{ source?: string; fact: string }>;
  asOf?: string;
}

export interface ClientReply {
  subject: string;
  greeting: string;
  body: string;
  factsUsed: Array<{ source: string; fact: string }>;
  openQuestions: string[];
}

/** The tools whose facts a reply may cite, and "input" for facts handed in. */
export const clientReplySources = ['erp_customer_account', 'erp_po_status', 'erp_ar_aging', 'erp_invoice_match', 'input'] as const;

const replyOutput = schemaFromZod(
  z.object({
    subject: z.string().min(1),
    greeting: z.string().min(1),
    body: z.string().min(1),
    factsUsed: z.array(z.object({ source: z.string().min(1), fact: z.string().min(1) })),
    openQuestions: z.array(z.string().min(1)),
  }),
);

/**
 * client-reply: drafts a structured reply to a client from ERP facts. The model gathers the facts with
 * the ERP tools (the same computations as the po-status, ar-aging and invoice-matcher agents, plus the
 * customer's account) and cites each fact it uses with its source; a fact cited from anywhere else is
 * refused (one repair, then `model_output_invalid`). What the facts cannot answer goes to openQuestions.
 */
export const clientReply: AgentHandler = async (rawInput, context) => {
  const input = rawInput as ClientReplyInput;
  const lines = [`Today is ${input.asOf ?? localToday()}; use it as asOf for the tools.`];
  if (input.customer !== undefined) lines.push(`The customer: ${input.customer}.`);
  if (input.facts !== undefined && input.facts.length > 0) {
    lines.push('Facts handed over with the request (cite them with source "input"):', ...input.facts.map((fact) => `- ${fact.source === undefined ? '' : `[${fact.source}] `}${fact.fact}`));
  }
  lines.push('', 'The client wrote, or the request is:', input.text);
  const result = await context.generate({ prompt: lines.join('\n'), output: replyOutput, check: (value) => checkSources(value as ClientReply) });
  return result.output;
};

function checkSources(reply: ClientReply): ValidationIssue[] {
  return reply.factsUsed.flatMap((fact, index) =>
    (clientReplySources as readonly string[]).includes(fact.source)
      ? []
      : [{ path: `factsUsed.${index}.source`, rule: 'source', message: `"${fact.source}" is not a source of facts; cite the tool the fact came from (${clientReplySources.join(', ')})` }],
  );
}
