// Guest Chat API v2's own words: members with roles and states, body types, the credentials the create call
// returns. Nothing outside this folder sees them; the transport turns them into the contract's chat terms.

export type MemberRole = 'AGENT' | 'CUSTOMER' | 'WORKFLOW' | 'ACD';
export type MemberState = 'ALERTING' | 'CONNECTED' | 'DISCONNECTED';

export interface Member {
  id: string;
  role: MemberRole;
  state: MemberState;
  displayName?: string;
  avatarImageUrl?: string;
  joinDate?: string;
  leaveDate?: string;
}

export type BodyType = 'standard' | 'notice' | 'member-join' | 'member-leave' | 'media-request';

/** One message as the wire gave it, with its sender resolved to a member (role and name). */
export interface WireMessage {
  id: string;
  body: string;
  bodyType: BodyType;
  timestamp: string;
  sender: Member;
  /** The raw event body, kept for `messageReceived.originalMessages`. */
  raw: unknown;
}

/** Everything needed to pick the chat up again after a reload: the resume token of this protocol. */
export interface ChatCredentials {
  conversationId: string;
  memberId: string;
  jwt: string;
  eventStreamUri: string;
}

/** The page author's configuration of this protocol (the attributes it reads). */
export interface PureCloudV2Config {
  dataUrl: string;
  deploymentKey: string;
  orgGuid: string;
  targetType: string;
  targetAddress: string;
  priority?: number;
  skills?: string[];
  language?: string;
  /** Hosts besides the service's own that addresses the service names (the event stream, avatars) may use. */
  allowedHosts?: readonly string[];
}
