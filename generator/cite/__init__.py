"""Citing: the CSL engine (pandoc citeproc), the citation style of a language, how to cite the thesis itself."""
