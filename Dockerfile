# kubepath: the REST API and CLI in one image. Built from the repository (runs from source
# with tsx, like `npm start`). Not built in CI: no Docker engine there.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
ENV npm_config_nodedir=/usr/local
RUN node scripts/bootstrap.mjs
# `kubepath` on the PATH, for the CLI (deploy/cronjob.yaml runs `kubepath collect --in-cluster`).
RUN printf '#!/bin/sh\nexec node --max-semi-space-size=64 --conditions=kubepath-source --import tsx /app/apps/cli/src/main.ts "$@"\n' > /usr/local/bin/kubepath \
 && chmod 755 /usr/local/bin/kubepath
ENV KUBEPATH_DATA_DIR=/data HOST=0.0.0.0 PORT=8080
VOLUME ["/data"]
EXPOSE 8080
# Tokens: set KUBEPATH_TOKENS or KUBEPATH_TOKEN_FILE; without them a token is printed at start.
ENTRYPOINT ["node", "--max-semi-space-size=64", "--conditions=kubepath-source", "--import", "tsx", "apps/api/src/main.ts"]
