import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAIServer } from '../support/fake-openai-server.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';

describe('nova run', () => {
  const fixture = useFakeModelHome();

  it('prints the server answer, status succeeded and usage as JSON', async () => {
    fixture.server.enqueue({ text: 'Hello from the fake server', usage: { promptTokens: 11, completionTokens: 6 } });
    const result = await runCli(['run', 'chat', 'hello', '--json'], fixture.env);
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(0);
    expect(json).toMatchObject({
      status: 'succeeded',
      output: { text: 'Hello from the fake server' },
      error: null,
      warnings: [],
      usage: { inputTokens: 11, outputTokens: 6, totalTokens: 17 },
    });
    expect(Object.keys(json).sort()).toEqual(['error', 'output', 'runId', 'status', 'usage', 'warnings']);
    const body = fixture.server.requests[0]?.body as { model: string; messages: Array<{ role: string; content: unknown }> };
    expect(body.model).toBe('fake-model');
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'hello' });
    expect(body.messages[0]?.role).toBe('system');

    const shown = parseJsonOutput(await runCli(['runs', 'show', String(json['runId']), '--json'], fixture.env));
    expect((shown['run'] as { status: string }).status).toBe('succeeded');
    expect((shown['events'] as Array<{ type: string }>).map((event) => event.type)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'run-end']);
  });

  it('streams the answer to a terminal as it arrives', async () => {
    fixture.server.enqueue({ text: ['Hel', 'lo ', 'there'] });
    const result = await runCli(['run', 'chat', 'hi'], fixture.env, { interactive: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Hello there\n');
    expect((fixture.server.requests[0]?.body as { stream: boolean }).stream).toBe(true);
    expect(result.stderr).toMatch(/succeeded: run_/);
  });

  it('exits 2 with model_not_configured and the variables to set when no model is configured', async () => {
    const result = await runCli(['run', 'chat', 'hi', '--json'], { NOVA_HOME: fixture.home });
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(2);
    expect(json['error']).toMatchObject({ code: 'model_not_configured', fault: 'user' });
    expect((json['error'] as { hint: string }).hint).toMatch(/NOVA_MODEL/);
    expect((json['error'] as { hint: string }).hint).toMatch(/models\.default/);
  });

  it('exits 1 with model_error naming the URL when the provider is unreachable', async () => {
    const closed = await startFakeOpenAIServer();
    await closed.close();
    const result = await runCli(['run', 'chat', 'hi', '--json'], { ...fixture.env, NOVA_OPENAI_COMPATIBLE_BASE_URL: closed.url });
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(1);
    expect(json['status']).toBe('failed');
    expect(json['error']).toMatchObject({ code: 'model_error', fault: 'provider' });
    expect(JSON.stringify(json['error'])).toContain(closed.url.replace(/\/v1$/, ''));
  }, 30_000);

  it('exits 1 with a hint about the key on 401, without retrying', async () => {
    fixture.server.enqueue({ status: 401, error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const result = await runCli(['run', 'chat', 'hi', '--json'], fixture.env);
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(1);
    expect(json['error']).toMatchObject({ code: 'model_error', fault: 'provider' });
    expect((json['error'] as { hint: string }).hint).toMatch(/NOVA_OPENAI_COMPATIBLE_API_KEY/);
    expect(fixture.server.requests).toHaveLength(1);
  });

  it('names the closest agents for an unknown agent', async () => {
    const result = await runCli(['run', 'chta', 'hi', '--json'], fixture.env);
    expect(result.exitCode).toBe(2);
    expect(parseJsonOutput(result)['error']).toMatchObject({ code: 'agent_not_found', details: { closest: ['chat'] } });
  });

  it('reports malformed --input JSON with its position', async () => {
    const result = await runCli(['run', 'chat', '--input', '{"text": "hi",}'], fixture.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/error\[input_invalid\]: --input is not valid JSON: .*position 14 \(line 1, column 15\)/);
  });

  it('reports each input schema issue with its path, and runs nothing', async () => {
    const result = await runCli(['run', 'chat', '--input', '{"text": 5, "mood": "happy"}', '--json'], fixture.env);
    expect(result.exitCode).toBe(2);
    const message = (parseJsonOutput(result)['error'] as { message: string }).message;
    expect(message).toContain('text: must be string');
    expect(message).toContain('mood: is not allowed here');
    expect(fixture.server.requests).toHaveLength(0);
  });

  it('reads the text from --file', async () => {
    const file = join(fixture.home, 'note.txt');
    writeFileSync(file, 'text from a file');
    const result = await runCli(['run', 'chat', '--file', file, '--json'], fixture.env);
    expect(result.exitCode).toBe(0);
    const body = fixture.server.requests[0]?.body as { messages: Array<{ content: unknown }> };
    expect(body.messages.at(-1)?.content).toBe('text from a file');
  });

  it('exits 2 with file, line and field when config.yaml is broken', async () => {
    writeFileSync(join(fixture.home, 'config.yaml'), 'models:\n  default: [1, 2]\n');
    const result = await runCli(['run', 'chat', 'hi'], { NOVA_HOME: fixture.home });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${join(fixture.home, 'config.yaml')}:2:12 models.default`);
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli(['run'], fixture.env)).exitCode).toBe(2);
    expect((await runCli(['frobnicate'], fixture.env)).exitCode).toBe(2);
  });
});
