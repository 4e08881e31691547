#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: Chromium for the browser tests,
# gettext for translations, fonts for documents. Needs root; otherwise it only reports.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
# Documents: LibreOffice opens the DOCX files in the tests; Liberation Serif stands in for Times
# New Roman (same metrics); WeasyPrint draws certificates with Pango; poppler reads PDFs back.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "liberation serif" || need+=(fonts-liberation)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Publicity: epubcheck validates the e-book in the tests; wrk measures the public pages in bench/.
command -v epubcheck >/dev/null 2>&1 || need+=(epubcheck)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# The Nu Html Checker (vnu.jar from npm, see package.json) validates the public pages; it runs on Java.
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
# zbarimg reads the certificates' QR codes back in the tests.
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: missing ${need[*]} (install them with apt-get as root)" >&2
    exit 0
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq "${need[@]}" >/dev/null
