#!/usr/bin/env bash
# Rebuild static/govuk/ from the npm packages. Run by hand when upgrading GOV.UK Frontend or htmx;
# the output is committed because council networks and CI cannot reach a CDN.
# We compile GOV.UK Frontend's Sass ourselves so the font is Arial: we are not a GOV.UK
# service and may not use GDS Transport (and it saves ~100 KB of font downloads).
set -euo pipefail
GOVUK_VERSION=${GOVUK_VERSION:-6.3.0}
HTMX_VERSION=${HTMX_VERSION:-2.0.11}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-audit --no-fund sass@1 "govuk-frontend@$GOVUK_VERSION" "htmx.org@$HTMX_VERSION"
cat > app.scss <<'SCSS'
@use "node_modules/govuk-frontend/dist/govuk" with (
  $govuk-font-family: (Arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "/static/govuk/assets/"
);
SCSS
npx sass --no-source-map --style=compressed --quiet app.scss "$root/static/govuk/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$root/static/govuk/"
cp node_modules/govuk-frontend/dist/govuk/assets/images/{favicon.ico,favicon.svg,govuk-icon-mask.svg,govuk-icon-180.png} "$root/static/govuk/assets/images/"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$root/static/htmx/"
echo "GOV.UK Frontend $GOVUK_VERSION and htmx $HTMX_VERSION vendored into static/"
