import "server-only";

/** What every Hub call needs: `@huggingface/hub` takes these as `{ hubUrl, accessToken }`. */
export interface HubCredentials {
  /** base URL without trailing slash, e.g. `https://huggingface.co` or `http://127.0.0.1:4280` */
  hubUrl: string;
  /** a Hub token (`hf_…`); never sent to the browser */
  accessToken: string;
}
