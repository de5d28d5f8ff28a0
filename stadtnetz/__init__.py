# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Stadtnetz: smart-city funding programmes and the transfer of what municipalities learn."""

__version__ = "0.1.0"
