#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# make.py - writes the notification e-mails of tests/data/mail/ (fictional
# practitioners and reviewers; the layouts imitate the platforms' published
# examples, with their tracking links, footers and encodings).  Run it again
# after changing it; the .eml files are committed, so the tests do not need it.
import base64, quopri

def qp(text, charset='utf-8'):
    return quopri.encodestring(text.encode(charset)).decode('ascii')

def b64(text, charset='utf-8'):
    raw = base64.b64encode(text.encode(charset)).decode('ascii')
    return '\n'.join(raw[i:i + 76] for i in range(0, len(raw), 76))

def write(name, text):
    with open(name, 'w', newline='') as f:
        f.write(text.replace('\n', '\r\n'))

ga_html = '''<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>
<body><div style="width:100%;background:#f2f2f2"><table cellpadding="0" cellspacing="0" border="0" width="100%"><tr><td>
<div style="font-size:22px">Google Alertes</div><div>« Jeanne Dupont »</div><div>Quotidiennement ⋅ 7 décembre 2026</div>
<table><tr><td>ACTUALITÉS</td></tr></table>
<table itemscope itemtype="http://schema.org/Article" style="border-bottom:1px solid #eee"><tr><td>
<a href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.leprogres-lyon.example/sante/2026/12/06/la-dermatologue-jeanne-dupont-ouvre-un-second-cabinet&amp;ct=ga&amp;cd=CAEYACoUMTIzNDU2Nzg5&amp;usg=AOvVaw0xYz" itemprop="url" style="color:#1a0dab">
<span itemprop="name">La dermatologue <b>Jeanne Dupont</b> ouvre un second cabinet à Lyon</span></a>
<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization"><span itemprop="name">Le Progrès Lyon</span></div>
<div itemprop="description">Le Dr <b>Jeanne Dupont</b>, dermatologue installée depuis 2015 dans le 6e arrondissement, ouvre un second cabinet à Villeurbanne&nbsp;…</div>
<div><a href="https://www.google.com/alerts/share?hl=fr&amp;gl=FR&amp;ru=https://www.leprogres-lyon.example/sante/x&amp;ss=fb&amp;rt=La+dermatologue&amp;cd=CAEY&amp;ssp=AMJHsmV">Partager</a>
<a href="https://www.google.com/alerts/feedback?ffu=https://www.leprogres-lyon.example/sante/x&amp;source=alertsmail&amp;hl=fr&amp;gl=FR&amp;msgid=MTIz&amp;s=AB2Xq4">Signaler comme non pertinent</a></div>
</td></tr></table>
<table itemscope itemtype="http://schema.org/Article"><tr><td>
<a href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://forum-sante.example/t/avis-dermato-lyon-6e%3Fpage%3D2&amp;ct=ga&amp;cd=CAEYASoU&amp;usg=AOvVaw1" itemprop="url">
<span itemprop="name">Avis dermato Lyon 6e ? - Forum santé</span></a>
<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization"><span itemprop="name">forum-sante.example</span></div>
<div itemprop="description">J'ai vu le Dr <b>Jeanne Dupont</b> la semaine dernière, très à l'écoute et ponctuelle. Je recommande.</div>
</td></tr></table>
<table itemscope itemtype="http://schema.org/Article"><tr><td>
<a href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.annonces-immo.example/nantes/appartement-rue-dupont&amp;ct=ga&amp;cd=CAEYAioU&amp;usg=AOvVaw2" itemprop="url">
<span itemprop="name">Appartement rue Dupont, Nantes – 3 pièces</span></a>
<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization"><span itemprop="name">annonces-immo.example</span></div>
<div itemprop="description">Bel appartement rénové, proche de la gare, cuisine équipée.</div>
</td></tr></table>
<table><tr><td><a href="https://www.google.com/alerts?source=alertsmail&amp;hl=fr&amp;gl=FR&amp;msgid=MTIz">Voir plus de résultats</a> |
<a href="https://www.google.com/alerts/edit?source=alertsmail&amp;hl=fr&amp;gl=FR&amp;msgid=MTIz&amp;s=AB2Xq4">Modifier cette alerte</a></td></tr></table>
<div style="font-size:11px;color:#666">Vous avez reçu cet e-mail, car vous êtes abonné aux alertes Google.<br>
<a href="https://www.google.com/alerts/remove?source=alertsmail&amp;hl=fr&amp;gl=FR&amp;msgid=MTIz&amp;s=AB2Xq4">Se désabonner</a> |
<a href="https://www.google.com/alerts?source=alertsmail&amp;hl=fr&amp;gl=FR&amp;msgid=MTIz">Afficher toutes vos alertes</a></div>
<div style="font-size:11px;color:#666">Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</div>
</td></tr></table></div></body></html>
'''
ga_text = '''Google Alertes
« Jeanne Dupont »
Quotidiennement ⋅ 7 décembre 2026

ACTUALITÉS

La dermatologue Jeanne Dupont ouvre un second cabinet à Lyon
Le Progrès Lyon
Le Dr Jeanne Dupont, dermatologue installée depuis 2015 dans le 6e arrondissement, ouvre un second cabinet à Villeurbanne ...
<https://www.google.com/url?rct=j&sa=t&url=https://www.leprogres-lyon.example/sante/2026/12/06/la-dermatologue-jeanne-dupont-ouvre-un-second-cabinet&ct=ga&cd=CAEYACoUMTIzNDU2Nzg5&usg=AOvVaw0xYz>

- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -
Se désabonner de cette alerte Google :
<https://www.google.com/alerts/remove?source=alertsmail&hl=fr&gl=FR&msgid=MTIz&s=AB2Xq4>
'''
write('google-alert-fr.eml', '''Delivered-To: cabinet.dupont@example.org
Return-Path: <3aBcDeFgHiJ-googlealerts-noreply=google.com@alerts.bounces.google.com>
Date: Mon, 07 Dec 2026 06:12:45 -0800
From: Google Alertes <googlealerts-noreply@google.com>
To: cabinet.dupont@example.org
Message-ID: <000000000000a1b2c3d4e5f60708@google.com>
Subject: =?UTF-8?Q?Alerte_Google_=E2=80=93_=C2=AB_Jeanne_Dupont_=C2=BB?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="000000000000f1e2d3c4b5a69788"
List-Unsubscribe: <https://www.google.com/alerts/remove?source=alertsmail&hl=fr&gl=FR&msgid=MTIz&s=AB2Xq4>

--000000000000f1e2d3c4b5a69788
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

''' + qp(ga_text) + '''
--000000000000f1e2d3c4b5a69788
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

''' + qp(ga_html) + '''
--000000000000f1e2d3c4b5a69788--
''')

gbp_html = '''<html><body style="margin:0"><table width="100%"><tr><td align="center">
<img src="https://www.gstatic.com/images/branding/product/2x/business_profile_96dp.png" alt="Google Business Profile" width="48">
<h1 style="font-family:Roboto,Arial">Nouvel avis sur Dr Jeanne Dupont - Dermatologue</h1>
<p>Un client a laissé un avis sur votre fiche d'établissement.</p>
<table style="border:1px solid #dadce0;border-radius:8px"><tr><td>
<span class="reviewer">Camille Martin</span>
<div role="img" aria-label="2/5 étoiles"><img src="https://www.gstatic.com/star_full.png" alt=""><img src="https://www.gstatic.com/star_full.png" alt=""><img src="https://www.gstatic.com/star_empty.png" alt=""></div>
<p style="font-size:14px">Deux heures d'attente malgré un rendez-vous à 9 h, et une consultation expédiée en cinq minutes. Dommage, le cabinet est pourtant bien tenu.</p>
</td></tr></table>
<p><a href="https://notifications.google.com/g/p/ANiao5o_abcdef?continue=https://business.google.com/reviews/l/01234567890123456789">Répondre à l'avis</a></p>
<p style="color:#5f6368;font-size:12px">Vous recevez cet e-mail, car vous gérez la fiche Dr Jeanne Dupont - Dermatologue sur Google.
<a href="https://notifications.google.com/g/p/ANiao5o_unsub">Gérer les notifications</a><br>Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043</p>
</td></tr></table></body></html>
'''
write('gbp-review.eml', '''Date: Sun, 06 Dec 2026 18:40:02 +0000
From: Google Business Profile <businessprofile-noreply@google.com>
To: cabinet.dupont@example.org
Message-ID: <gbp-review-7f3a9c@google.com>
Subject: =?UTF-8?B?''' + base64.b64encode('Nouvel avis sur « Dr Jeanne Dupont - Dermatologue »'.encode()).decode() + '''?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="gbp-b1"

--gbp-b1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Nouvel avis sur Dr Jeanne Dupont - Dermatologue. Ouvrez l'e-mail en HTML pour le lire.

--gbp-b1
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

''' + b64(gbp_html) + '''
--gbp-b1--
''')

pj_html = '''<html><head><meta charset="iso-8859-1"><style>p{margin:0}</style></head><body>
<table width="600" align="center"><tr><td><img src="https://www.pagesjaunes.example/logo.png" alt="PagesJaunes"></td></tr>
<tr><td><h2>Bonne nouvelle, vous avez reçu un nouvel avis !</h2>
<p>Établissement : <strong>Dupont Jeanne - Dermatologue</strong>, 12 rue Vendôme, 69006 Lyon</p>
<p>Note : <span class="note">4,5/5</span></p>
<p>« Très bonne praticienne, explications claires sur le traitement de mon eczéma. Délai de rendez-vous un peu long. » - Hélène R.</p>
<p><a href="https://click.solocal.example/ls/click?upn=abc123-def456&amp;r=https%3A%2F%2Fwww.pagesjaunes.fr%2Fpros%2F0123456789%23avis">Voir et répondre à l'avis</a></p>
</td></tr>
<tr><td style="font-size:10px">Solocal SA - 204 rond-point du Pont-de-Sèvres, 92100 Boulogne-Billancourt. <a href="https://click.solocal.example/unsub?u=abc">Se désinscrire</a></td></tr></table>
</body></html>
'''
write('pagesjaunes-review.eml', '''Date: Sat, 05 Dec 2026 09:03:11 +0100
From: "PagesJaunes" <avis@pagesjaunes.fr>
To: cabinet.dupont@example.org
Message-ID: <20261205090311.4711@mail.pagesjaunes.fr>
Subject: =?ISO-8859-1?Q?Vous_avez_re=E7u_un_nouvel_avis?=
MIME-Version: 1.0
Content-Type: text/html; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

''' + qp(pj_html, 'latin-1') + '''
''')

write('trustpilot-review.eml', '''Date: Fri, 04 Dec 2026 14:00:00 +0000
From: Trustpilot <noreply@trustpilotmail.com>
To: contact@centre-dermato-fourviere.example
Message-ID: <tp-5f0c1d2e@trustpilotmail.com>
Subject: You've got a new review
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Hi Centre Dermatologique de Fourviere,

Thomas B. rated you 5 stars:

"Dr Jeanne Dupont removed a mole quickly and explained every step. Friendly front desk."

Reply to this review: https://businessapp.trustpilot.example/reviews/5f0c1d2e?utm_source=email&utm_medium=notification

You are receiving this email because you have a Trustpilot business account.
Trustpilot A/S, Pilestraede 58, 1112 Copenhagen, Denmark
''')

fb_html = '''<html><body><table><tr><td>
<p><b>Lucie Moreau</b> recommande <b>Dr Jeanne Dupont Dermatologue Lyon</b>.</p>
<p>« Je recommande le Dr Jeanne Dupont, à l'écoute et très professionnelle. »</p>
<p><a href="https://www.facebook.com/nd/?Dr-Jeanne-Dupont/reviews&amp;aref=1700000000&amp;medium=email&amp;mid=5f0c1d2eG5af3">Voir la recommandation</a></p>
<p style="font-size:11px">Ce message a été envoyé à cabinet.dupont@example.org. Meta Platforms Ireland Ltd., Merrion Road, Dublin 4, Irlande</p>
</td></tr></table></body></html>
'''
write('facebook-recommendation.eml', '''Date: Thu, 03 Dec 2026 20:15:00 +0100
From: Facebook <notification@facebookmail.com>
To: cabinet.dupont@example.org
Message-ID: <b8c1e2f3a4b5c6d7e8f9@facebookmail.com>
Subject: =?UTF-8?Q?Lucie_Moreau_recommande_Dr_Jeanne_Dupont_Dermatologue_Lyon?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1_fbfbfb"

--b1_fbfbfb
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

''' + qp(fb_html) + '''
--b1_fbfbfb--
''')

write('unknown-sender.eml', '''Date: Wed, 02 Dec 2026 10:00:00 +0100
From: Laboratoire Exemple <newsletter@labo-exemple.example>
To: cabinet.dupont@example.org
Message-ID: <news-2026-12@labo-exemple.example>
Subject: Nouveautés de la gamme solaire 2027
List-Id: <newsletter.labo-exemple.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Découvrez notre nouvelle gamme, Docteur.
''')

write('malformed.eml', '''Date: Tue, 01 Dec 2026 06:00:00 -0800
From: Google Alertes <googlealerts-noreply@google.com>
To: cabinet.dupont@example.org
Message-ID: <broken-0001@google.com>
Subject: Alerte Google - Jeanne Dupont
MIME-Version: 1.0
Content-Type: multipart/alternative

--nowhere
Content-Type: text/html; charset=UTF-8

<html><body><table itemscope itemtype="http://schema.org/Article"><tr><td><a itemprop="url" href="https://www.google.com/url?url=https://x.example/a"><span itemprop="name">Jeanne Dupont</span></a></td></tr></table></body></html>
--nowhere--
''')
