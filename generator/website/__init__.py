"""The website's pages: view models, Markdown pages from templates, navigation, matrix, diagrams, downloads, PDF."""
