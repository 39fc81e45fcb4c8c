# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Chapter 0 · Getting started (入门)
#
# ## Objectives
# - test

# %%
import crmkit

rng = crmkit.setup_notebook()
print(round(float(rng.random()), 3))

# %% [markdown]
# ## Summary
# done
