import { handlers } from "@/lib/auth/auth";

/** Auth.js routes: `/api/auth/{signin,callback/*,signout,session,csrf,providers}`. */
export const { GET, POST } = handlers;
