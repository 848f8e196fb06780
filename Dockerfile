# syntax=docker/dockerfile:1
# Production image. It has no Java and does not build the embedded database: in a container, point
# MONGODB_URI at MongoDB (see docker-compose.yml). Not built on our CI machines (no Docker engine there); kept correct by reading.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dialogs ./dialogs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# Files read at run time: every word people read, and the chat page's own scripts and styles.
COPY --chown=node:node locales ./locales
COPY --chown=node:node src/channels/webchat/public ./src/channels/webchat/public
# The staff console's views, styles and live-update module, and its stylesheet compiled by npm run build.
COPY --chown=node:node src/staff/views ./src/staff/views
COPY --chown=node:node src/staff/assets ./src/staff/assets
COPY --from=build --chown=node:node /app/.cache/staff ./.cache/staff
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
