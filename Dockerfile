# syntax=docker/dockerfile:1
# One image for all three apps; docker-compose.yml and the Kubernetes manifests pick the app
# with the command (node dist/<app>/main.js).
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY libs ./libs
COPY apps ./apps
COPY tests/package.json ./tests/package.json
COPY tools ./tools
RUN npm ci --no-audit --no-fund
RUN npm run build
# Only the workspace manifests travel to the runtime stage: `npm ci` needs them to match the lock.
RUN mkdir -p /manifests && find libs apps tests -maxdepth 2 -name package.json -exec cp --parents {} /manifests \;

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG AICR_VERSION=dev
ENV NODE_ENV=production \
    AICR_VERSION=${AICR_VERSION} \
    AICR_RECIPES_DIR=/app/recipes \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /manifests/ ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY recipes ./recipes
# The image's own unprivileged user; the filesystem it needs is read-only.
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.AICR_HEALTH_PORT||process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/gateway/main.js"]
