"""Author pages, built on papers.authors and the map: the page, its API and its MCP tool."""
