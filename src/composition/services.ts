// What the composition root (src/compose.ts) hands to main.ts, `npm run chat`, `npm run staff` and the tests.
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { CaseService } from '../cases/case.service';
import type { HandoffClaims } from '../cases/handoff-claims';
import type { HandoffService } from '../cases/handoff.service';
import type { WebChat } from '../channels/webchat/webchat.routes';
import type { ConversationRuntime } from '../conversation/runtime';
import type { TurnHandler } from '../conversation/types';
import type { EvidenceStore } from '../evidence/evidence.store';
import type { MessageSender } from '../outbound/message-sender';
import type { Outbound } from '../outbound/outbound.service';
import type { PolicyPack } from '../policy/pack.schema';
import type { Access } from '../staff/access/permissions';
import type { AccountService } from '../staff/accounts/account.service';
import type { AuditLog } from '../staff/audit/audit.service';
import type { Desk } from '../staff/conversations/desk';

export interface Services {
  app: Express;
  pack: PolicyPack;
  handleTurn: TurnHandler;
  runtime: ConversationRuntime;
  cases: CaseService;
  evidence: EvidenceStore;
  webChat: WebChat;
  /** Present when Twilio is configured: the one path for every proactive message. */
  outbound: Outbound | undefined;
  /** One housekeeping run (scheduled hourly under a lease; tests call it directly). */
  housekeeping: { run(): Promise<{ cases: number; evidence: number; transcripts: number }> };
  /** One pass of deadline alerts (scheduled every five minutes under a lease; tests call it directly). */
  deadlines: { run(): Promise<number> };
  /** The staff console's accounts and audit trail (for `npm run staff` and the first-run link). */
  staff: {
    accounts: AccountService;
    audit: AuditLog;
    access: Access;
    teamIds: string[];
    signInUrl: string;
    /** While there is no administrator: a one-time link (valid one hour) that creates the first one. */
    firstRunLink: () => Promise<string | undefined>;
  };
  /** Conversations handed to a person (tests drive the escalation job directly). */
  handoffs: { service: HandoffService; claims: HandoffClaims; desk: Desk; escalate: () => Promise<number> };
  /** Hooks what needs the HTTP server itself (the web chat's WebSocket stream). */
  attach: (server: Server) => void;
  /** Creates indexes and starts scheduled work once the database is connected; /readyz is 503 until it has. */
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface ServiceOverrides {
  /** Tests replace Twilio's REST client; everything else is real. */
  messageSender?: MessageSender;
  now?: () => Date;
  /** Start the purge scheduler (off in tests unless asked). */
  scheduler?: boolean;
}
