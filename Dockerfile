# jobs-studio as a Hugging Face Docker Space (README front matter: sdk: docker, app_port: 7860).
# Spaces run the container as uid 1000: the node image's `node` user is uid 1000 already.
# `npm run space:check` runs these steps in order (or `docker build` where an engine works), then
# the command below with a Space's variables, and the sign-in → launch → job page e2e against it.
FROM node:20-bookworm-slim

ENV NEXT_TELEMETRY_DISABLED=1
USER node
WORKDIR /home/node/app

# Dependencies first, so a change to the sources reuses this layer. --ignore-scripts: the only
# install scripts are better-sqlite3's native build (the local Hub's driver: a Space never starts the
# local Hub, its Hub is huggingface.co) and esbuild's binary check (its platform package is installed anyway).
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY --chown=node:node . .
RUN node_modules/.bin/next build

# At run time: production, the port Spaces expect. The Space provides OAUTH_CLIENT_ID,
# OAUTH_CLIENT_SECRET, OAUTH_SCOPES, OPENID_PROVIDER_URL and SPACE_HOST; set AUTH_SECRET as a Space secret.
ENV NODE_ENV=production PORT=7860
EXPOSE 7860
CMD ["node", "scripts/start.mjs"]
