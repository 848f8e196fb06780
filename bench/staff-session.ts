// A member of staff for the benches: an account enrolled with its authenticator, signed in over HTTP as a browser
// would (password, then the code), keeping the session cookie for the requests the bench times.
import { generate } from 'otplib';
import type { Services } from '../src/compose';

export interface BenchOfficer {
  username: string;
  displayName: string;
  roles: string[];
  /** A page the officer must be able to open once signed in. */
  check: string;
}

export async function signInOfficer(services: Services, base: string, who: BenchOfficer): Promise<(url: string, init?: RequestInit) => Promise<Response>> {
  const password = 'bench password long';
  const accounts = services.staff.accounts;
  const { account } = await accounts.create({ username: who.username, displayName: who.displayName, teamId: 'communitySafety', roles: who.roles, password });
  const { secret } = await accounts.beginTotp(account.id);
  await accounts.confirmTotp(account.id);
  let cookie = '';
  const http = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${url}`, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie } });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return res;
  };
  const token = async (url: string) => /name="_csrf" value="([^"]+)"/.exec(await (await http(url)).text())?.[1] ?? '';
  const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  await http('/staff/sign-in', form({ _csrf: await token('/staff/sign-in'), username: who.username, password }));
  await http('/staff/sign-in/code', form({ _csrf: await token('/staff/sign-in/code'), code: await generate({ secret }) }));
  if ((await http(who.check)).status !== 200) throw new Error(`the bench's ${who.displayName} could not open ${who.check}`);
  return http;
}
