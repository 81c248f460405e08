"""The bundled demo corpus: Global Voices (May 2012, CC BY 3.0) and Wikinews (2019-2021, CC BY 2.5).

Data only, each folder with its LICENSE.md; pages that show these articles credit them.
"""
